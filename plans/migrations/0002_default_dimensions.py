"""The default disaggregation dimensions and categories. They are rows, not code: a country
adds, renames or removes them through the workbook's Dimensions sheet or the admin."""

from django.db import migrations

DEFAULTS = [
    ("sex", "Sex", [("female", "Female"), ("male", "Male"), ("other", "Other / not known")]),
    ("age_group", "Age group", [("child", "Child (under 18)"), ("adult", "Adult (18 and over)")]),
    ("nationality", "Nationality", [("national", "Nationals"), ("foreign", "Foreign nationals")]),
    (
        "exploitation",
        "Form of exploitation",
        [
            ("sexual", "Sexual exploitation"),
            ("labour", "Forced labour"),
            ("begging", "Forced begging"),
            ("forced_criminality", "Forced criminality"),
            ("forced_marriage", "Forced marriage"),
            ("servitude", "Domestic servitude"),
            ("organ_removal", "Organ removal"),
            ("other", "Other"),
        ],
    ),
    ("region", "Region", []),
]


def create(apps, schema_editor):
    Dimension = apps.get_model("plans", "Dimension")
    Category = apps.get_model("plans", "DimensionCategory")
    for position, (code, name, categories) in enumerate(DEFAULTS):
        dimension, _ = Dimension.objects.get_or_create(code=code, defaults={"name": name, "position": position})
        for cat_position, (cat_code, cat_name) in enumerate(categories):
            Category.objects.get_or_create(
                dimension=dimension, code=cat_code, defaults={"name": cat_name, "position": cat_position}
            )


def remove(apps, schema_editor):
    apps.get_model("plans", "Dimension").objects.filter(code__in=[d[0] for d in DEFAULTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
