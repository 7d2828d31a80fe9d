from django.apps import AppConfig


class RequestsAppConfig(AppConfig):
    name = "requests_app"
    verbose_name = "FOI requests"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from requests_app import checks  # noqa: F401  (registers the deployment checks)
        from requests_app.selectors.stats import register_sqlite_median

        connection_created.connect(register_sqlite_median, dispatch_uid="sqlite_median")
