"""Training URLs (the module and exercise issues add their pages here)."""

app_name = "workshops"

urlpatterns: list = []
