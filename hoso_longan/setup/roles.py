"""Roles of the school-records system and the Role Profiles that bundle them (LA-Điều 4-8, 10-11).

Role names are English identifiers; their Vietnamese labels live in translations/vi.csv.
"""

PROVINCE_OFFICER = "Province Education Officer"  # cán bộ Sở GD&ĐT
LOCAL_OFFICER = "Local Education Officer"  # cán bộ cấp trung gian (Phòng GD&ĐT trước 2025, cấp xã sau 2025)
SCHOOL_ADMIN = "School Records Admin"  # quản trị hệ thống của trường (Ban quản trị)
PRINCIPAL = "Principal"  # hiệu trưởng
VICE_PRINCIPAL = "Vice Principal"  # phó hiệu trưởng
HEAD_OF_DEPARTMENT = "Head of Department"  # tổ trưởng chuyên môn
HOMEROOM_TEACHER = "Homeroom Teacher"  # giáo viên chủ nhiệm
SUBJECT_TEACHER = "Subject Teacher"  # giáo viên bộ môn
OFFICE_STAFF = "Records Office Staff"  # văn thư: in, lưu trữ
STUDENT = "Student"  # defined by Education
GUARDIAN = "Guardian"  # defined by Education

ROLES = (
	PROVINCE_OFFICER,
	LOCAL_OFFICER,
	SCHOOL_ADMIN,
	PRINCIPAL,
	VICE_PRINCIPAL,
	HEAD_OF_DEPARTMENT,
	HOMEROOM_TEACHER,
	SUBJECT_TEACHER,
	OFFICE_STAFF,
)

# Roles that see every record of the units they are scoped to (User Permission on Education Unit).
UNIT_WIDE_ROLES = frozenset(
	{PROVINCE_OFFICER, LOCAL_OFFICER, SCHOOL_ADMIN, PRINCIPAL, VICE_PRINCIPAL, OFFICE_STAFF}
)

# Role Profile name → roles. An administrator sets a teacher up in one step by picking a profile.
ROLE_PROFILES = {
	"School Subject Teacher": (SUBJECT_TEACHER,),
	"School Homeroom Teacher": (SUBJECT_TEACHER, HOMEROOM_TEACHER),
	"School Head of Department": (SUBJECT_TEACHER, HEAD_OF_DEPARTMENT),
	"School Principal": (PRINCIPAL,),
	"School Vice Principal": (VICE_PRINCIPAL, SUBJECT_TEACHER),
	"School Records Administrator": (SCHOOL_ADMIN,),
	"School Office Staff": (OFFICE_STAFF,),
	"Province Department Staff": (PROVINCE_OFFICER,),
	"Local Education Office Staff": (LOCAL_OFFICER,),
}
