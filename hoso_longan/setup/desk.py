"""Where each family of users lands in the desk (Workspace names of this app)."""

ADMIN_WORKSPACE = "Quản trị hồ sơ số"

# The desk page each family of users lands on (Workspace names); a user keeps any default they chose.
HOME_WORKSPACE = {
	"School Records Administrator": ADMIN_WORKSPACE,
	"School Principal": "Lãnh đạo nhà trường",
	"School Vice Principal": "Lãnh đạo nhà trường",
	"School Office Staff": "Văn thư",
	"School Subject Teacher": "Giáo viên",
	"School Homeroom Teacher": "Giáo viên",
	"School Head of Department": "Giáo viên",
	"Province Department Staff": "Quản lý giáo dục",
	"Local Education Office Staff": "Quản lý giáo dục",
}
