from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from requests_app.api import reminders
from requests_app.api.deadlines import DeadlineCalculatorView
from requests_app.api.letters import LetterAnalyseView

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("deadlines/", DeadlineCalculatorView.as_view(), name="deadline-calculator"),
    *reminders.urlpatterns,
    path("letters/analyse/", LetterAnalyseView.as_view(), name="letter-analyse"),
]
