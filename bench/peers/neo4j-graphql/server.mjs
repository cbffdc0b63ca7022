// The @neo4j/graphql peer: a read-only GraphQL API over Liaison's graph, for bench/peer_graphql.py to measure
// Liaison against. Not part of Liaison. Started by the bench script with its settings in the environment:
//   PEER_PORT                          the loopback port to listen on
//   NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD   the bench's Neo4j (the same one Liaison reads)
//   PEER_COUNTERPARTS                  a JSON file the bench writes from Liaison itself: the counterpart question's
//                                      Cypher and its fixed parameters (ranking points, stale moment), so the
//                                      peer's @cypher field runs exactly Liaison's statement and cannot drift.
import { readFileSync } from "node:fs";

import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";

const counterparts = JSON.parse(readFileSync(process.env.PEER_COUNTERPARTS, "utf8"));
// The parameters Liaison sends as integers go as integers here too (JavaScript's numbers would reach Neo4j as floats).
for (const name of counterparts.integers) {
  const value = counterparts.parameters[name];
  counterparts.parameters[name] = Array.isArray(value) ? value.map((item) => neo4j.int(item)) : neo4j.int(value);
}

// Liaison's statement runs unchanged inside a subquery; the wrapper only shapes each row it returns into the one
// column @cypher reads, with the officer's names and agency as Liaison's own answer loads them.
const counterpartStatement = `
CALL () {
${counterparts.statement}
}
MATCH (described:Officer {uuid: officer})-[:WORKS_AT]->(employer:Agency)
RETURN {
  officer: described {.uuid, .name_latin, .name_native, .position, agency: employer {.uuid, .name_en}},
  score: score, country: country, already_known: already_known, languages: languages,
  mutual_acquaintances: mutual_acquaintances,
  expertise: [item IN expertise | item {.topic, .name, .level, .narrower}],
  shared_events: [event IN shared_events | event {.uuid, .title, .city}]
} AS counterpart
`;

const typeDefs = /* GraphQL */ `
  extend schema @mutation(operations: [])

  type Officer @node {
    uuid: ID!
    name_latin: String
    name_native: String
    position: String
    rank: String
    country: String
    verified: Boolean
    agency: [Agency!]! @relationship(type: "WORKS_AT", direction: OUT)
    languages: [Language!]! @relationship(type: "SPEAKS", direction: OUT)
    expertise: [Topic!]! @relationship(type: "EXPERT_IN", direction: OUT, properties: "Expertise")
    events: [Event!]! @relationship(type: "ATTENDED", direction: OUT, properties: "Participation")
  }

  type Expertise @relationshipProperties {
    level: Int
  }

  type Participation @relationshipProperties {
    role: String
    rating: String
  }

  type Agency @node {
    uuid: ID!
    name_en: String
    kind: String
    country: [Country!]! @relationship(type: "IN_COUNTRY", direction: OUT)
  }

  type Country @node {
    uuid: ID!
    code: String!
    name_en: String
  }

  type Topic @node {
    uuid: ID!
    slug: String
    name_en: String
    broader: [Topic!]! @relationship(type: "SUBTOPIC_OF", direction: OUT)
  }

  type Event @node {
    uuid: ID!
    title: String
    short_title: String
    starts_on: String
  }

  type Language @node {
    code: String!
  }

  type CounterpartAgency {
    uuid: ID!
    name_en: String
  }

  type CounterpartOfficer {
    uuid: ID!
    name_latin: String
    name_native: String
    position: String
    agency: CounterpartAgency!
  }

  type CounterpartExpertise {
    topic: ID!
    name: String
    level: Int
    narrower: Boolean
  }

  type CounterpartEvent {
    uuid: ID!
    title: String
    city: String
  }

  type Counterpart {
    officer: CounterpartOfficer!
    score: Float!
    country: String!
    already_known: Boolean!
    languages: [String!]!
    mutual_acquaintances: [ID!]!
    expertise: [CounterpartExpertise!]!
    shared_events: [CounterpartEvent!]!
  }

  type Query {
    counterparts(topic: ID!, officer: ID, limit: Int!): [Counterpart!]!
      @cypher(statement: ${JSON.stringify(counterpartStatement)}, columnName: "counterpart")
  }
`;

const driver = neo4j.driver(
  process.env.NEO4J_URI,
  neo4j.auth.basic(process.env.NEO4J_USER || "neo4j", process.env.NEO4J_PASSWORD),
);
const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();
const server = new ApolloServer({ schema });
// The fixed parameters reach the statement as Cypher parameters of the same names (the library's cypherParams).
const { url } = await startStandaloneServer(server, {
  listen: { host: "127.0.0.1", port: Number(process.env.PEER_PORT) },
  context: async () => ({ cypherParams: counterparts.parameters }),
});
console.log(`peer listening on ${url}`);

async function stop() {
  await server.stop();
  await driver.close();
  process.exit(0);
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
