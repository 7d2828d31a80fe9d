from django.apps import AppConfig


class RequestsAppConfig(AppConfig):
    name = "requests_app"
    verbose_name = "FOI requests"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from requests_app import checks  # noqa: F401  (registers the deployment checks)
        # Registers the Celery tasks in every process (web, beat, management commands), not
        # only in workers: services queue them by name (services.mail_delivery.enqueue).
        from requests_app import tasks  # noqa: F401
