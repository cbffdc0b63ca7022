"""The API's words: one description per shared field, argument and enum value name, so each means one thing.

`Type.name` entries describe one type's field where the bare name means different things on different types.
"""

from __future__ import annotations

TYPES: dict[str, str] = {
    "UUID": "A record's stable identifier, as 36 hexadecimal characters with dashes.",
    "OperationInfo": "Why a mutation was refused: one message per problem, each naming the field and the fix.",
    "OperationMessage": "One problem with a mutation: its kind, the field it concerns, a stable code and a message.",
}

FIELDS: dict[str, str] = {
    # Subscriptions.
    "Subscription.kind": "What is followed: country, topic, agency or partner.",
    "Subscription.frequency": "How often the digest comes: daily or weekly.",
    "Subscription.createdAt": "When the user started following it.",
    # Identity and names, the same on every record.
    "uuid": "The record's stable identifier; use it in lookups, links and other systems.",
    "nameEn": "The name in English.",
    "nameRu": "The name in Russian.",
    "nameKk": "The name in Kazakh (Cyrillic script), where known.",
    "nameUz": "The name in Uzbek (Latin script), where known.",
    "nameLocal": "The name in the country's own language and script, where known.",
    "country": "The country the record belongs to.",
    "city": "The city the record is in.",
    "topic": "The topic concerned.",
    "officer": "The officer concerned.",
    "event": "The event concerned.",
    "organisation": "The partner organisation concerned.",
    # Root lists.
    "Query.countries": "Countries, by name.",
    "Query.cities": "Cities, by name.",
    "Query.topics": "Topics, broader and narrower, by name.",
    "Query.agencies": "Agencies of every country, by name.",
    "Query.organisations": "Partner, donor and UNODC organisations, by name.",
    "Query.programmes": "Programmes that ran events.",
    "Query.events": "Workshops and other events.",
    "Query.coverage": "Which partner supports which country on which topic.",
    # Places and topics.
    "Country.code": "The ISO 3166-1 alpha-2 code, such as KZ.",
    "Country.agencies": "The country's agencies.",
    "Topic.slug": "The topic's short, stable name for filters, such as darknet-drug-trafficking.",
    "Topic.broader": "The broader topics this one belongs to (none for a top-level topic).",
    "Language.code": "The ISO 639-1 code, such as ru.",
    # Institutions.
    "Organisation.website": "The organisation's public website.",
    "Organisation.country": "The country the organisation is based in (null for an international one).",
    "Organisation.acronym": "How the organisation is abbreviated: ICMEC, FBI, DCSA (empty when it has none).",
    "Organisation.otherNames": "Other names it is known by, in any language, separated by semicolons.",
    # Programmes, events and participation.
    "Programme.name": "The programme's name.",
    "Programme.component": "The part of a larger programme it belongs to.",
    "Programme.startedOn": "The day the programme started, when the sources give it.",
    "Programme.startedIn": "The year the programme started, when the day is not known.",
    "Programme.implementer": "The organisation that implemented the programme.",
    "Programme.donors": "The organisations that funded the programme.",
    "Event.title": "The event's full title.",
    "Event.titleRu": "The event's full title in Russian.",
    "Event.shortTitleRu": "The event's short title in Russian.",
    "Event.startsOn": "The first day of the event.",
    "Event.endsOn": "The last day of the event.",
    "Event.city": "Where the event was held.",
    "Event.programme": "The programme the event was part of.",
    "Event.topics": "What the event was about.",
    "Event.organisers": "The organisations that organised the event.",
    "Event.trainers": "The organisations whose experts trained at the event.",
    "LikelyDuplicate.first": "The entry with the smaller id.",
    "LikelyDuplicate.second": "The other entry.",
    "LikelyDuplicate.confidence": "How sure the finder is that both are one person, 0 to 100.",
    "LikelyDuplicate.nameScore": "How alike the names are, 0 to 100, in any script, order or spelling.",
    "LikelyDuplicate.evidence": "What else the two entries share.",
    "Event.participations": "Who attended, in which role, with their ratings.",
    "Participation.event": "The event attended.",
    "Participation.officer": "The officer who attended.",
    "Coverage.organisation": "The partner that gives the support.",
    "Coverage.country": "The country supported.",
    "Coverage.topic": "The topic of the support.",
    "Coverage.note": "What the support is, in a few words.",
    "Coverage.excluded": "True when a steward says the partner does NOT cover this country on this topic "
    "(nor its sub-topics), whatever its training at workshops implies.",
    # Officers.
    "Officer.nameNative": "The officer's name in their own script.",
    "Officer.nameLatin": "The officer's name in Latin letters.",
    "Officer.position": "The officer's position.",
    "Officer.rank": "The officer's rank.",
    "Officer.verifiedAt": "When a steward last verified the entry (null: never).",
    "Officer.lastConfirmedAt": "When the entry was last confirmed current (null: never).",
    "Officer.updatedAt": "When the entry last changed.",
    "Officer.agency": "The agency the officer works at.",
    "Officer.languages": "The languages the officer speaks.",
    "Officer.expertise": "The topics the officer knows, each with a level.",
    "Officer.participations": "The events the officer attended.",
    "Expertise.topic": "The topic known.",
    "Expertise.level": "How well: 1 working knowledge, 2 experienced, 3 expert.",
    "ContactChannel.value": "The address or number; null when the viewer may not see it.",
    # Graph answers.
    "Counterpart.officer": "The officer found.",
    "Counterpart.score": "How well the officer fits the question, in points (docs/ranking.md); higher is better.",
    "Counterpart.countryCode": "The ISO code of the officer's country.",
    "Counterpart.reasons": (
        "Why the officer was found, one structured reason each; their points add up to the score, and an officer's "
        "reasons are the same whatever the limit."
    ),
    "Counterpart.verified": "Whether a steward has verified the officer's entry (if not, a reason UNVERIFIED says so).",
    "Counterpart.stale": (
        "Whether the entry was not confirmed current within the stale period (LIAISON_STALE_AFTER_DAYS, default "
        "365 days); if so, a reason STALE says so."
    ),
    "Reason.points": "The points this reason brought to the score; negative for a mark against it, 0 for none.",
    "IntroductionPath.alreadyAcquainted": (
        "The two officers already know each other: this one-step path is their acquaintance, not an introduction."
    ),
    "Reason.kind": "What the reason is; it says which other fields are filled.",
    "Reason.text": "The reason in words, in the language of Accept-Language (English or Russian).",
    "Reason.topicUuid": "The topic the reason is about.",
    "Reason.topicName": "That topic's name.",
    "Reason.level": "The expertise level: 1 working knowledge, 2 experienced, 3 expert.",
    "Reason.eventUuid": "The event the reason is about.",
    "Reason.eventTitle": "That event's title.",
    "Reason.city": "Where that event was held.",
    "Reason.startsOn": "When that event started (ISO date).",
    "Reason.officerUuid": "The officer the reason is about.",
    "Reason.language": "The language the reason is about.",
    "Reason.source": "How the acquaintance is known: met_at_event or declared.",
    "Reason.answered": (
        "Of the requests counted in `asked`, how many users said the officer answered; null when the viewer may "
        "see none of the officer's contact details."
    ),
    "Reason.asked": (
        "How many requests users said the officer answered or not in the last twelve months ('wrong contact' not "
        "counted); null when the viewer may see none of the officer's contact details."
    ),
    "IntroductionPath.officers": "The officers along the path, from the first to the last.",
    "IntroductionPath.hops": "Each step of the path, with why the two know each other.",
    "IntroductionHop.fromOfficer": "Who makes the introduction.",
    "IntroductionHop.toOfficer": "Who is introduced.",
    "IntroductionHop.reason": "Why the two know each other.",
    "CoverageCell.country": "The country of the cell.",
    "CoverageCell.topic": "The topic of the cell.",
    "CoverageCell.partners": "The partners that support this country on this topic itself (or a broader one).",
    "CoverageCell.state": "Covered, partly covered (only through sub-topics), or not covered.",
    "CoverageCell.coverage": "Each partner covering the cell, with where that comes from; for a partly covered "
    "cell, the partners of its sub-topics.",
    "CoverageCell.coveredSubtopics": "For a partly covered cell, the sub-topics that partners cover here.",
    "PartnerCoverage.stated": "True when the directory records this support as stated (a coverage entry).",
    "PartnerCoverage.events": "The workshops this partner trained at that the country's officers attended: "
    "coverage through training.",
    "PartnerCoverage.subtopics": "The sub-topics it covers, when it covers the cell only through them.",
    "CoverageCell.trainedOfficers": "How many of the country's officers were trained on this topic.",
    "CoverageCell.hasNoPartner": "True when no partner supports this country on this topic itself (the state is "
    "partly covered or not covered).",
    "CoverageCell.hasNoTrainedOfficer": "True when none of the country's officers was trained on this topic.",
    "Neighbourhood.nodes": "The records around the centre, the centre included.",
    "Neighbourhood.links": "The links between those records.",
    "GraphNode.id": "The record's uuid (or code, for a language).",
    "GraphNode.kind": "The kind of record.",
    "GraphNode.name": "The record's name.",
    "GraphLink.source": "The id of the node the link starts at.",
    "GraphLink.target": "The id of the node the link ends at.",
    "GraphLink.type": "What the link means, such as WORKS_AT or ATTENDED.",
    "NameMatch.kind": "The kind of record found.",
    "NameMatch.name": "The record's name in Latin letters (or English).",
    "NameMatch.nativeName": "The record's name in its own script, where it has one.",
    "NameMatch.score": "How closely the name matches; higher is closer.",
    "NameMatch.nameRu": "The record's name (or an event's title) in Russian, where it has one.",
    "NameMatch.acronym": "An organisation's acronym (ICMEC, FBI), where it has one.",
    "NameMatch.agency": "For an officer: the agency they work at, in English, to tell apart officers named alike.",
    "NameMatch.agencyRu": "For an officer: the agency they work at, in Russian.",
    "NameMatch.country": "The country the record belongs to (an officer's agency's, an event's city's), in English.",
    "NameMatch.countryRu": "The same country in Russian.",
    "NameMatch.countryCode": "The same country's ISO code.",
    "ErasedOfficer.uuid": "The uuid the erased officer had.",
    # Inputs.
    "nameNative": "The officer's name in their own script.",
    "nameLatin": "The officer's name in Latin letters.",
    "position": "The officer's position.",
    "rank": "The officer's rank.",
    "agency": "The agency, by global id or uuid.",
    "languages": "Language codes (ISO 639-1), such as ru and kk; at most 50.",
    "expertise": "Topics with levels; at most 50.",
    "level": "1 working knowledge, 2 experienced, 3 expert.",
    "ExpertiseInput.topic": "The topic's slug.",
    # Webhooks and their delivery log.
    "WebhookEndpoint.url": "Where the worker sends: https, to a public address.",
    "WebhookEndpoint.active": "Whether changes are sent to it now.",
    "WebhookEndpoint.createdAt": "When it was registered.",
    "WebhookDelivery.endpoint": "The endpoint it is sent to.",
    "WebhookDelivery.recordUuid": "The changed record's uuid.",
    "WebhookDelivery.attempts": "How many times it has been sent.",
    "WebhookDelivery.nextAttemptAt": "When the worker tries again, while pending.",
    "WebhookDelivery.lastAttemptAt": "When it was last sent.",
    "WebhookDelivery.lastStatusCode": "The HTTP status the receiver last answered (none when it did not answer).",
    "WebhookDelivery.lastError": "Why the last attempt failed: the status and the start of the answer, or the error.",
    "WebhookDelivery.createdAt": "When the change was queued for this endpoint.",
}

ARGUMENTS: dict[str, str] = {
    # Records named by id: a global id or a uuid.
    "officer": "The officer, by global id or uuid.",
    "other": "The other officer, by global id or uuid.",
    "keep": "The officer entry to keep, by global id or uuid.",
    "duplicate": "The duplicate entry to merge into the kept one and remove, by global id or uuid.",
    "agency": "The agency, by global id or uuid.",
    "organisation": "The organisation, by global id or uuid.",
    "event": "The event, by global id or uuid.",
    "coverage": "The coverage record, by global id or uuid.",
    "metAt": "The event where the two met, by global id or uuid (omit for a declared acquaintance).",
    "fromOfficer": "The officer who wants an introduction, by global id or uuid.",
    "toOfficer": "The officer to be introduced to, by global id or uuid.",
    "uuid": "The record's uuid.",
    # Filters and question arguments.
    "country": "An ISO 3166-1 alpha-2 country code, such as KZ.",
    "targetCountry": "With scope COUNTRY: the ISO code of the country to search.",
    "countries": "ISO country codes to include (all when omitted); at most 50.",
    "topic": "A topic's slug; its sub-topics are included.",
    "topics": "Topics by slug; at most 100.",
    "language": "An ISO 639-1 language code the officer speaks, such as ru.",
    "verified": "Only officers a steward has verified (true) or not yet verified (false).",
    "name": "Part of a name, in any script or spelling.",
    "updatedSince": "Only entries changed at or after this time.",
    "order": "The order of the list.",
    "scope": "Where to look: neighbouring countries, one country, or everywhere.",
    "limit": "How many results at most (0 to 100).",
    "likelyDuplicates.country": "The ISO code of the country whose entries to pair (needed except by a steward).",
    "maxHops": "The longest introduction chain to consider (1 to 4).",
    "kind": "The kind of record.",
    "kinds": "The kinds of record to search (all when omitted).",
    "depth": "How many steps from the record to go (1 or 2).",
    "text": "The name, title or acronym to look for, in any script, spelling or word form.",
    # Mutation inputs.
    "input": "The new entry.",
    "changes": "The fields to change; omitted fields stay as they are.",
    "changes.after": "Resume after this cursor (a change's or a page's); from the start when omitted.",
    "changes.kinds": "Only these kinds of change (every kind when omitted).",
    "changes.first": "How many changes at most (0 to 100).",
    "webhookDeliveries.status": "Only deliveries in this state.",
    "webhookDeliveries.endpoint": "Only deliveries to the endpoint of this name.",
    "nameEn": "The name in English.",
    "nameRu": "The name in Russian.",
    "nameLocal": "The name in the country's own language and script.",
    "website": "The organisation's public website (https).",
    "title": "The event's full title.",
    "shortTitle": "A short title for lists.",
    "titleRu": "The event's full title in Russian.",
    "shortTitleRu": "The event's short title in Russian.",
    "acronym": "How the organisation is abbreviated: ICMEC, FBI, DCSA (empty when it has none).",
    "otherNames": "Other names it is known by, in any language, separated by semicolons.",
    "city": "The city, by global id or uuid.",
    "startsOn": "The first day (ISO date).",
    "endsOn": "The last day (ISO date), on or after the first.",
    "organisers": "Organisations that organised it, by global id or uuid.",
    "trainers": "Organisations whose experts trained at it, by global id or uuid.",
    "role": "The officer's role at the event.",
    "rating": "The officer's rating of the event (omit when not rated).",
    "note": "What the support is, in a few words.",
    "createAgency.kind": "What kind of body it is.",
    "updateAgency.kind": "What kind of body it is.",
    "createOrganisation.kind": "What kind of organisation it is.",
    "updateOrganisation.kind": "What kind of organisation it is.",
    "neighbourhood.uuid": "The uuid of the record at the centre.",
    "createOrganisation.country": "The ISO code of the country it is based in (omit for an international one).",
    "recordCoverage.country": "The ISO code of the country supported.",
    "recordCoverage.excluded": "True to record that the partner does NOT cover the country on the topic (nor its "
    "sub-topics), whatever its training at workshops implies; a steward's word against the inference.",
}

ENUM_VALUES: dict[str, str] = {
    "CounterpartScope.NEIGHBOURS": "Countries that share a land border with the asker's country.",
    "CounterpartScope.COUNTRY": "One country, named by targetCountry.",
    "CounterpartScope.ALL": "Every country, the asker's own included.",
    "OfficerOrder.NAME": "By name in Latin letters.",
    "OfficerOrder.RECENTLY_UPDATED": "Most recently changed first.",
    "OfficerOrder.RECENTLY_CONFIRMED": "Most recently confirmed current first.",
    "CoverageState.COVERED": "A partner covers the topic (or a broader one) in the country.",
    "CoverageState.PARTLY_COVERED": "No partner covers the topic itself, but partners cover some of its sub-topics.",
    "CoverageState.NOT_COVERED": "No partner covers the topic nor any of its sub-topics in the country.",
    "ReasonKind.EXPERTISE": "The officer works on the topic (topic and level filled).",
    "ReasonKind.SHARED_EVENT": "Both attended the same event (event fields filled).",
    "ReasonKind.MUTUAL_ACQUAINTANCE": (
        "Both know the same officer (officerUuid filled where the viewer may see them, else an unnamed "
        "acquaintance in common)."
    ),
    "ReasonKind.SPEAKS": "The officer speaks the language asked for (language filled).",
    "ReasonKind.ALREADY_KNOWN": "The asker already knows the officer.",
    "ReasonKind.KNOWS": "The two officers of a hop know each other (source filled).",
    "ReasonKind.ATTENDED_TOGETHER": "The two officers of a hop attended the same event (event fields filled).",
    "DuplicateEvidence.SAME_AGENCY": "Both entries are of the same agency.",
    "DuplicateEvidence.SAME_EMAIL": "Both entries have an e-mail address in common (among those the viewer may see).",
    "DuplicateEvidence.SAME_PHONE": "Both entries have a phone number in common (among those the viewer may see).",
    "DuplicateEvidence.SAME_POSITION": "Both entries hold the same position.",
    "ReasonKind.UNVERIFIED": "No steward has verified the officer's entry; it costs points.",
    "ReasonKind.STALE": "The officer's entry was not confirmed current within the stale period; it costs points.",
    "ReasonKind.UNANSWERED": (
        "At least 3 users said whether the officer answered in the last twelve months, and some said no; it costs "
        "up to 2 points, by the share unanswered (answered and asked filled)."
    ),
    "OperationMessageKind.INFO": "Information; nothing went wrong.",
    "OperationMessageKind.WARNING": "Done, with something to check.",
    "OperationMessageKind.ERROR": "Not done.",
    "OperationMessageKind.PERMISSION": "Not done: the viewer may not make this change.",
    "OperationMessageKind.VALIDATION": "Not done: a value was invalid; the message names the field and the fix.",
    "ChangeKind.CREATED": "The record was added.",
    "ChangeKind.UPDATED": "Some of the record's own fields changed; `fields` names them.",
    "ChangeKind.DELETED": "The record was removed (or erased).",
    "ChangeKind.MOVED_AGENCY": "The officer moved to another agency.",
    "ChangeKind.ACQUAINTANCE_RECORDED": "The officer was recorded as knowing another officer (both are told).",
    "ChangeKind.ACQUAINTANCE_REMOVED": "An acquaintance of the officer was removed (both are told).",
    "ChangeKind.LINKS_CHANGED": "The record's links changed (contacts, expertise, participations, borders…).",
    "WebhookDeliveryStatus.PENDING": "Waiting to be sent, or to be tried again.",
    "WebhookDeliveryStatus.DELIVERED": "The receiver answered 2xx.",
    "WebhookDeliveryStatus.GIVEN_UP": "Every try failed; the worker stopped trying.",
}
for _kind in ("COUNTRY", "CITY", "TOPIC", "AGENCY", "ORGANISATION", "PROGRAMME", "EVENT", "OFFICER", "COVERAGE"):
    ENUM_VALUES[f"NodeKind.{_kind}"] = f"A {_kind.lower()} record."
    ENUM_VALUES[f"SearchKind.{_kind}"] = f"{_kind.capitalize()} names."

# Roster intake (api/intake.py).
FIELDS.update(
    {
        "RosterPreview.upload": "The upload's id, for decideRoster and commitRoster.",
        "RosterPreview.fileName": "The file's name as uploaded.",
        "RosterPreview.encoding": "The encoding a CSV file was read in (empty for a workbook).",
        "RosterPreview.counts": "How many rows have each status.",
        "RosterPreview.unknownHeaders": "Headers no rule maps to a roster column; map them with decideRoster.",
        "RosterPreview.missingColumns": "Roster columns the file must have and lacks (full_name).",
        "RosterPreview.alreadyImported": "Whether this very file was imported before: committing it changes nothing.",
        "RosterPreview.rows": "The rows asked for, in file order.",
        "RosterCounts.new": "Rows that would add a new officer.",
        "RosterCounts.match": "Rows that match one officer of the directory.",
        "RosterCounts.ambiguous": "Rows that fit several officers, or one too weakly: each needs a decision.",
        "RosterCounts.invalid": "Rows with a cell to fix.",
        "RosterCounts.refused": "Rows the caller may not import (a steward: another country's).",
        "RosterRow.row": "The row's number in the file (the header is row 1 unless a title is above it).",
        "RosterRow.status": "What the import would do with the row.",
        "RosterRow.name": "The full name as typed in the file.",
        "RosterRow.decision": "The decision recorded so far: new, skip, an officer's uuid, or empty.",
        "RosterRow.candidates": "The officers the row may be, the likeliest first.",
        "RosterRow.problems": "What is wrong with the row, or why it is refused.",
        "RosterCandidate.officerUuid": "The officer's uuid; give it as the row's choice to pick this officer.",
        "RosterCandidate.name": "The officer's name in Latin script.",
        "RosterCandidate.agency": "The officer's agency, in English.",
        "RosterCandidate.countryCode": "The ISO code of the officer's country.",
        "RosterCandidate.confidence": "How sure the match is, 0 to 100.",
        "RosterCandidate.evidence": "Why: names equal after transliteration, same agency, same e-mail or phone.",
        "RosterProblem.message": "The problem and the fix, naming the row and the column.",
        "RosterProblem.code": "A stable code for the problem (an ErrorReason value).",
        "RosterProblem.row": "The row's number in the file, when the problem is in one row.",
        "RosterProblem.column": "The column's letter and header, when the problem is in one column.",
        "RosterDecisionInput.row": "The row's number in the file.",
        "RosterDecisionInput.choice": "new, skip, or the uuid of one of the row's candidates (empty: undecided).",
        "RosterHeaderInput.header": "The header as it is in the file.",
        "RosterHeaderInput.column": "A roster column key (full_name, position, rank, agency, country, email, phone, "
        "languages, event, role, rating, wants_more, number) or ignore.",
        "RosterImport.fileName": "The file's name as uploaded.",
        "RosterImport.fileSha256": "The SHA-256 of the file: the same file again changes nothing.",
        "RosterImport.importedAt": "When the roster was committed.",
        "RosterImport.createdCount": "Officers the import created.",
        "RosterImport.matchedCount": "Rows matched to officers already in the directory.",
        "RosterImport.unchangedCount": "Of the matched rows, those that changed nothing.",
        "RosterImport.skippedCount": "Rows left out: skipped, invalid with skipInvalid, or refused.",
    }
)
ARGUMENTS.update(
    {
        "upload": "The upload's id, as answered by POST /graphql/rosters.",
        "rosterPreview.status": "Only the rows with this status (every row when omitted).",
        "rosterPreview.offset": "How many of those rows to pass over first.",
        "rosterPreview.first": "How many rows to answer (1 to 500).",
        "decideRoster.decisions": "Decisions on rows (at most 1000 at a time).",
        "decideRoster.headers": "Columns for the file's headers (at most 50).",
        "decideRoster.rememberHeaders": "Also use these header mappings for every later roster.",
        "decideRoster.encoding": "A CSV file's encoding: utf-8, utf-8-sig or windows-1251 (empty: detect it).",
        "decideRoster.event": "The event every row attended, by title or uuid (empty: none).",
        "commitRoster.skipInvalid": "Leave out invalid rows instead of refusing the whole roster.",
    }
)
ENUM_VALUES.update(
    {
        "RosterRowStatus.NEW": "Would add a new officer.",
        "RosterRowStatus.MATCH": "Matches one officer of the directory.",
        "RosterRowStatus.AMBIGUOUS": "Fits several officers, or one too weakly: needs a decision.",
        "RosterRowStatus.INVALID": "A cell must be fixed (the problems say which and how).",
        "RosterRowStatus.REFUSED": "The caller may not import this row (the problems say why).",
    }
)

# Lookups, list filters and orders (api/record_lookups.py, api/list_filters.py).
TYPES.update(
    {
        "Ordering": "Which way to order by a key: ascending or descending, with empty values first or last.",
    }
)
FIELDS.update(
    {
        "AND": "Records that also match this filter.",
        "OR": "Records that match the other filters or this one.",
        "NOT": "Records that do not match this filter.",
        "DISTINCT": "List each record once, however many of its links match.",
        "EventOrder.startsOn": "By the first day.",
        "EventOrder.endsOn": "By the last day.",
        "EventOrder.title": "By the full title.",
        "OrganisationOrder.nameEn": "By the English name.",
        "OrganisationOrder.acronym": "By the acronym (organisations without one sort as empty).",
        "AgencyOrder.nameEn": "By the English name.",
    }
)
ARGUMENTS.update(
    {
        "code": "A country's ISO 3166-1 alpha-2 code, such as KZ (any case).",
        "slug": "A topic's slug, such as darknet-drug-trafficking.",
        "filters": "Only the records that match (all the viewer may see when omitted).",
        "ordering": "The order of the list, by one key per entry, most significant first (the default order "
        "when empty).",
    }
)
ENUM_VALUES.update(
    {
        "Ordering.ASC": "Smallest, earliest or A first.",
        "Ordering.ASC_NULLS_FIRST": "Smallest first, empty values before all others.",
        "Ordering.ASC_NULLS_LAST": "Smallest first, empty values after all others.",
        "Ordering.DESC": "Largest, latest or Z first.",
        "Ordering.DESC_NULLS_FIRST": "Largest first, empty values before all others.",
        "Ordering.DESC_NULLS_LAST": "Largest first, empty values after all others.",
        # The models' choices (api/types/choices.py): each value is the stored choice in capitals.
        "AgencyKind.PROSECUTOR": "A prosecutor's office.",
        "AgencyKind.INTERIOR": "A ministry of interior (the police).",
        "AgencyKind.FIU": "A financial intelligence unit.",
        "AgencyKind.CUSTOMS": "A customs service.",
        "AgencyKind.DRUG_CONTROL": "A drug control agency.",
        "AgencyKind.SECURITY": "A state security service.",
        "AgencyKind.OTHER": "Any other law-enforcement or justice body.",
        "OrganisationKind.UN_UNIT": "A unit or programme of UNODC or another UN body.",
        "OrganisationKind.GOVERNMENT": "A government, as a donor.",
        "OrganisationKind.EMBASSY": "An embassy.",
        "OrganisationKind.LAW_ENFORCEMENT": "A foreign law-enforcement body, such as the FBI.",
        "OrganisationKind.NGO": "A non-governmental organisation, such as ICMEC.",
        "OrganisationKind.OTHER": "Any other organisation.",
        "ParticipationRole.PARTICIPANT": "Attended to learn.",
        "ParticipationRole.TRAINER": "Taught at the event.",
        "ParticipationRole.ORGANISER": "Organised the event.",
        "ParticipationRating.EXCELLENT": "Rated the event excellent.",
        "ParticipationRating.VERY_GOOD": "Rated the event very good.",
        "ParticipationRating.GOOD": "Rated the event good.",
        "ParticipationRating.FAIR": "Rated the event fair.",
        "ParticipationRating.POOR": "Rated the event poor.",
        "ContactKind.EMAIL": "An e-mail address.",
        "ContactKind.PHONE": "A desk telephone number.",
        "ContactKind.MOBILE": "A mobile telephone number.",
        "ContactKind.MESSENGER": "A messenger account (the value says which messenger).",
        "ContactKind.HOTLINE_24_7": "A 24/7 point of contact, answered at any hour.",
        "ContactVisibility.SIGNED_IN": "Anyone signed in sees the value.",
        "ContactVisibility.VERIFIED": "Verified officers, programme staff, stewards, administrators and integrations "
        "see the value.",
        "ContactVisibility.STAFF": "Programme staff, stewards and administrators see the value.",
        "ContactVisibility.STEWARDS": "The stewards of the officer's country and administrators see the value.",
    }
)
FIELDS.update(
    {
        "Agency.kind": "What kind of body it is.",
        "Organisation.kind": "What kind of organisation it is.",
        "Participation.role": "The officer's role at the event.",
        "Participation.rating": (
            "The officer's rating of the event; null when not rated, or for a viewer who sees only the totals "
            "(each rating is shown to programme staff, stewards and administrators)."
        ),
        "ContactChannel.kind": "The kind of channel.",
        "ContactChannel.visibility": "Who may see the value.",
        "NameMatch.kind": "The kind of record matched, as `searchNames(kinds:)` names it.",
    }
)
