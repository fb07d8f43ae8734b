"""Index backends: lexical (FTS5 or PostgreSQL full text) and vector (numpy or pgvector)."""
