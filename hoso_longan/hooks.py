app_name = "hoso_longan"
app_title = "Hồ sơ số Long An"
app_publisher = "hoso_longan developers"
app_description = "Digital school records (học bạ, sổ theo dõi và đánh giá học sinh, plans) for Vietnamese THCS/THPT schools"
app_email = "dev@hoso-longan.local"
app_license = "agpl-3.0"

required_apps = ["education"]
