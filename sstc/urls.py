from django.contrib import admin
from django.urls import include, path

from casestudies import views as casestudies_views

urlpatterns = [
    path("", casestudies_views.home, name="home"),
    path("guide/", include("guide.urls")),
    path("case-studies/", include("casestudies.urls")),
    path("admin/", admin.site.urls),
]
