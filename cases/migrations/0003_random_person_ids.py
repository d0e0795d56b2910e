"""Person ids were `P-` + an unkeyed SHA-256 of the first record's agency code and record id,
so whoever guessed those could recompute them (issue 10, #2). Every existing person gets a
random id instead; ids are stable from here on (cases/linkage/services.py keeps them)."""

import secrets

from django.db import migrations


def _randomise(apps, schema_editor):
    person = apps.get_model("cases", "Person")
    taken: set[str] = set(person.objects.values_list("label", flat=True))
    changed = []
    for row in person.objects.only("pk", "label").iterator(chunk_size=2000):
        while (label := f"P-{secrets.token_hex(8).upper()}") in taken:
            pass
        taken.add(label)
        row.label = label
        changed.append(row)
    # Labels are unique: a temporary prefix first would be needed only if a new label equalled
    # an old one, which `taken` rules out.
    person.objects.bulk_update(changed, ["label"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_name_bigram_keys")]

    operations = [migrations.RunPython(_randomise, migrations.RunPython.noop, elidable=True)]
