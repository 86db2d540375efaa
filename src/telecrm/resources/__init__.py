"""The resource namespaces of the clients (``client.leads``, ``.actions``, ``.team_members``, ``.workspace``,
``.ingest``): one module per resource, holding its request builders and its sync and async class."""
