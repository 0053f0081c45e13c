from django.urls import URLPattern, URLResolver

app_name = "notes"

urlpatterns: list[URLPattern | URLResolver] = []
