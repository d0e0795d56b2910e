from tests.documents.documents_data import reported_plan  # noqa: F401 (a fixture)
