from django.apps import AppConfig


class RequestsAppConfig(AppConfig):
    name = "requests_app"
    verbose_name = "FOI requests"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        # checks registers the deployment checks. tasks registers the Celery tasks in every
        # process (web, beat, management commands), not only in workers: services queue them
        # by name (services.mail_delivery.enqueue).
        from requests_app import checks, tasks  # noqa: F401
        from requests_app.selectors.stats import register_sqlite_median

        connection_created.connect(register_sqlite_median, dispatch_uid="sqlite_median")

        from django.db.models.signals import post_delete

        from requests_app.models import FOIRequest
        from requests_app.services.summary_rollups import request_deleted

        post_delete.connect(request_deleted, sender=FOIRequest, dispatch_uid="summary_rollups")
