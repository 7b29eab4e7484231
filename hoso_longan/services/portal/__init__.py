"""The teachers' portal (/giao-vien): another client of the app's services, for a teacher's phone or PC.

Pages (``hoso_longan/www/giao_vien/``) render their data on the server from these modules, and the same
functions answer the pages' calls. Each module checks permissions through the same calls the desk makes
(``Document.check_permission``, ``frappe.has_permission`` with the app's hooks, ``apply_workflow``), so a
teacher can do here exactly what the desk lets them do, and nothing else:

- ``access``: who may use the portal, the school year shown, read-only reasons (locks, inspections);
- ``home``: assignments, homeroom classes and plans with their state, and what is due next;
- ``scores``: the score grid of one class × subject × term, saved cell by cell with conflict detection;
- ``homeroom``: conduct, absences, học bạ remarks, the class's results and year-end gaps;
- ``plans``: lesson plans and the personal education plan; review by heads of department;
- ``signing``: the queue of documents waiting for the teacher's signature and the batch that signs them.
"""
