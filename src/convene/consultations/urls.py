from django.urls import path

from convene.consultations import views

app_name = "consultations"

urlpatterns = [
    path("", views.index, name="index"),
    path("synthesis/", views.synthesis_page, name="synthesis"),
    path("synthesis/report.wiki", views.synthesis_wikitext, name="synthesis_wikitext"),
    path("synthesis/feedback.csv", views.synthesis_csv, name="synthesis_csv"),
    path("synthesis/findings.json", views.synthesis_json, name="synthesis_json"),
    path("feedback/<int:pk>/", views.feedback_detail, name="feedback"),
    path("feedback/<int:pk>/triage", views.feedback_triage, name="triage_item"),
    path("feedback/<int:pk>/merge", views.feedback_merge, name="merge_item"),
    path("<slug:slug>/", views.chapter, name="chapter"),
    path("<slug:slug>/give", views.give, name="give"),
    path("<slug:slug>/paragraphs/<str:key>/", views.paragraph, name="paragraph"),
    path("<slug:slug>/record", views.record, name="record"),
    path("<slug:slug>/import", views.import_feedback, name="import"),
    path("<slug:slug>/periods", views.period_add, name="period_add"),
    path("<slug:slug>/triage", views.triage, name="triage"),
    path("<slug:slug>/versions/", views.versions, name="versions"),
    path("<slug:slug>/versions/new", views.publish, name="publish"),
    path("<slug:slug>/versions/<int:number>/", views.version, name="version"),
    path("<slug:slug>/versions/<int:number>/status", views.version_status, name="status"),
    path("<slug:slug>/versions/<int:number>/progress", views.progress, name="progress"),
    path("<slug:slug>/versions/<int:number>/translate/", views.translate, name="translate"),
]
