"""Response schemas: what the HTTP API promises, separate from the records kb/ keeps."""
