"""Every page of the plan. Browsing is open to every signed-in user who may see the plan;
editing, uploading and the quality check are the coordinator's."""

from django.urls import path

from plans.views import browse, edit, workbook

app_name = "plans"
urlpatterns = [
    path("plans/", browse.plan_list, name="plan_list"),
    path("plans/new/", edit.plan_create, name="plan_create"),
    path("plans/upload/", workbook.upload, name="upload"),
    path("plans/template.xlsx", workbook.blank_template, name="blank_template"),
    path("plans/<int:plan_id>/", browse.plan_tree, name="plan_tree"),
    path("plans/<int:plan_id>/edit/", edit.plan_edit, name="plan_edit"),
    path("plans/<int:plan_id>/quality/", browse.plan_quality, name="plan_quality"),
    path("plans/<int:plan_id>/export.<str:fmt>", workbook.export, name="export"),
    path("plans/<int:plan_id>/areas/new/", edit.area_create, name="area_create"),
    path("plans/<int:plan_id>/areas/<int:area_id>/edit/", edit.area_edit, name="area_edit"),
    path("plans/<int:plan_id>/objectives/new/", edit.objective_create, name="objective_create"),
    path(
        "plans/<int:plan_id>/objectives/<int:objective_id>/",
        browse.objective_detail,
        name="objective_detail",
    ),
    path(
        "plans/<int:plan_id>/objectives/<int:objective_id>/edit/",
        edit.objective_edit,
        name="objective_edit",
    ),
    path("plans/<int:plan_id>/activities/new/", edit.activity_create, name="activity_create"),
    path(
        "plans/<int:plan_id>/activities/<int:activity_id>/",
        browse.activity_detail,
        name="activity_detail",
    ),
    path(
        "plans/<int:plan_id>/activities/<int:activity_id>/edit/",
        edit.activity_edit,
        name="activity_edit",
    ),
    path("plans/<int:plan_id>/indicators/new/", edit.indicator_create, name="indicator_create"),
    path(
        "plans/<int:plan_id>/indicators/<int:indicator_id>/",
        browse.indicator_detail,
        name="indicator_detail",
    ),
    path(
        "plans/<int:plan_id>/indicators/<int:indicator_id>/edit/",
        edit.indicator_edit,
        name="indicator_edit",
    ),
    path(
        "plans/<int:plan_id>/<str:kind>/<int:element_id>/delete/",
        edit.element_delete,
        name="element_delete",
    ),
]
