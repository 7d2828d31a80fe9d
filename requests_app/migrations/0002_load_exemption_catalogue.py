"""Load every exemption, exception and procedural ground listed in shared/foi-law.md."""

from django.db import migrations


def load_catalogue(apps, schema_editor):
    from requests_app.law.exemptions import CATALOGUE

    Exemption = apps.get_model("requests_app", "Exemption")
    for entry in CATALOGUE:
        Exemption.objects.update_or_create(
            code=entry.code,
            defaults={
                "regime": entry.regime.value,
                "section": entry.section,
                "title": entry.title,
                "absolute": entry.absolute,
                "kind": entry.kind.value,
                "note": entry.note,
            },
        )


def unload_catalogue(apps, schema_editor):
    from requests_app.law.exemptions import CATALOGUE

    Exemption = apps.get_model("requests_app", "Exemption")
    Exemption.objects.filter(code__in=[e.code for e in CATALOGUE], citations__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("requests_app", "0001_initial")]
    operations = [migrations.RunPython(load_catalogue, unload_catalogue)]
