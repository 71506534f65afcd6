"""The fields of work and the forms of commendation lamtheo starts with (honours/catalogue.py)."""

from django.db import migrations


def seed(apps, schema_editor):
    from lamtheo.honours.catalogue import seed as write

    write(apps.get_model("honours", "Field"), apps.get_model("honours", "Form"))


class Migration(migrations.Migration):
    dependencies = [("honours", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
