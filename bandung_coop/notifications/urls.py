"""The user's notifications."""

from django.urls import path

from bandung_coop.notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifikasi/", views.notification_list, name="list"),
    path("notifikasi/<int:pk>/", views.open_notification, name="open"),
    path("notifikasi/<int:pk>/dibaca/", views.read_notification, name="read"),
    path("notifikasi/semua-dibaca/", views.read_all_notifications, name="read_all"),
]
