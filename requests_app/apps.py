from django.apps import AppConfig


class RequestsAppConfig(AppConfig):
    name = "requests_app"
    verbose_name = "FOI requests"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from anymail.signals import inbound
        from django.db.models.signals import post_delete

        # checks registers the deployment checks. tasks registers the Celery tasks in every
        # process (web, beat, management commands), not only in workers: services queue them
        # by name (services.mail_delivery.enqueue).
        from requests_app import checks, tasks  # noqa: F401
        from requests_app.email_webhook import inbound_received
        from requests_app.models import FOIRequest
        from requests_app.services.summary_rollups import request_deleted

        # A deleted request's summary rows go by CASCADE; its authority's sums are rewritten.
        post_delete.connect(request_deleted, sender=FOIRequest, dispatch_uid="summary_rollups")
        inbound.connect(inbound_received, dispatch_uid="file_inbound_email")
