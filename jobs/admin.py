"""django-tasks-db registers its queue table in the admin; TIP Monitor keeps it out. The
coordinator follows jobs on `/jobs/`, and the admin shows only models reviewed for it
(tests/accounts/test_admin_access.py): the queue's rows name functions and arguments the
administrator has no need to see or change."""

from django.contrib import admin
from django_tasks_db.models import DBTaskResult

if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)
