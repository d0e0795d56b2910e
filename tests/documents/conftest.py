from tests.documents.coordination_data import coordination_world, greta  # noqa: F401 (fixtures)
from tests.documents.documents_data import reported_plan  # noqa: F401 (a fixture)
