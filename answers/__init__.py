"""Graph answers: the graph finds, the directory shows, one read model for the API and the pages.

It lives beside `directory/` and `graph/`, not inside either, because it reads both: the graph's ids, scores and
reasons, then the records through the directory's visible querysets. Inside `directory/` it would make the two
import each other (the graph's projector already imports the directory); `api/` and `frontend/` import it and
only turn its typed answers into GraphQL types or pages.
"""
