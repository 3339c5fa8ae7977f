//! Tables the generator draws from: names, places, schools, comments. All synthetic.

pub(crate) const SURNAMES: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Trương", "Đoàn", "Lương", "Châu",
];
pub(crate) const MIDDLE_MALE: &[&str] = &[
    "Văn", "Minh", "Đức", "Gia", "Quốc", "Hữu", "Thành", "Bảo", "Anh",
];
pub(crate) const MIDDLE_FEMALE: &[&str] = &[
    "Thị", "Ngọc", "Thu", "Khánh", "Bảo", "Mỹ", "Hoài", "Thanh", "Phương",
];
pub(crate) const GIVEN_MALE: &[&str] = &[
    "An", "Bảo", "Khôi", "Minh", "Phúc", "Quân", "Huy", "Nam", "Đạt", "Tuấn", "Khang", "Long",
    "Hiếu", "Thịnh", "Lộc", "Nhật", "Vũ", "Dũng",
];
pub(crate) const GIVEN_FEMALE: &[&str] = &[
    "Anh", "Chi", "Hà", "Lan", "Linh", "Mai", "My", "Ngân", "Thảo", "Trang", "Vy", "Yến", "Hương",
    "Nhi", "Trâm", "Uyên", "Diệp", "Quỳnh",
];
pub(crate) const OCCUPATIONS: &[&str] = &[
    "Nông dân",
    "Công nhân",
    "Giáo viên",
    "Kinh doanh",
    "Lao động tự do",
    "Nhân viên văn phòng",
    "Ngư dân",
    "Thợ may",
    "Lái xe",
];

/// A commune (below a district, before 1 July 2025) in the synthetic geography.
pub(crate) struct OldPlace {
    pub(crate) province: (&'static str, &'static str),
    pub(crate) district: (&'static str, &'static str),
    pub(crate) commune: (&'static str, &'static str),
    /// The commune-level unit the place belongs to after the 2025 reorganisation.
    pub(crate) new_commune: (&'static str, &'static str),
    pub(crate) hamlets: &'static [&'static str],
}

/// Quảng Nam (code 49) and Đà Nẵng (48) before the 2025 merger, with their successor units
/// in the merged Thành phố Đà Nẵng. Unit names are real place names; codes of communes are
/// illustrative.
pub(crate) const PLACES: &[OldPlace] = &[
    OldPlace {
        province: ("49", "Tỉnh Quảng Nam"),
        district: ("503", "Thành phố Hội An"),
        commune: ("20401", "Phường Minh An"),
        new_commune: ("20401", "Phường Hội An"),
        hamlets: &[
            "Khối phố Minh An",
            "Tổ 3, khối An Hội",
            "Số 12 đường Trần Phú",
        ],
    },
    OldPlace {
        province: ("49", "Tỉnh Quảng Nam"),
        district: ("508", "Thị xã Điện Bàn"),
        commune: ("20632", "Phường Vĩnh Điện"),
        new_commune: ("20632", "Phường Điện Bàn"),
        hamlets: &["Khối phố 5", "Khối phố Hòa Khương", "Tổ 7, khối 2"],
    },
    OldPlace {
        province: ("49", "Tỉnh Quảng Nam"),
        district: ("509", "Huyện Duy Xuyên"),
        commune: ("20725", "Thị trấn Nam Phước"),
        new_commune: ("20725", "Xã Duy Xuyên"),
        hamlets: &["Thôn Mỹ Phước", "Thôn Long Xuyên 2", "Khối phố Xuyên Trung"],
    },
    OldPlace {
        province: ("49", "Tỉnh Quảng Nam"),
        district: ("502", "Thành phố Tam Kỳ"),
        commune: ("20281", "Phường An Mỹ"),
        new_commune: ("20281", "Phường Tam Kỳ"),
        hamlets: &["Khối phố 4", "Số 27 đường Phan Bội Châu", "Tổ 12"],
    },
    OldPlace {
        province: ("48", "Thành phố Đà Nẵng"),
        district: ("492", "Quận Hải Châu"),
        commune: ("20227", "Phường Thạch Thang"),
        new_commune: ("20227", "Phường Hải Châu"),
        hamlets: &["Số 45 đường Lê Lợi", "Tổ 21", "Kiệt 18 đường Quang Trung"],
    },
    OldPlace {
        province: ("48", "Thành phố Đà Nẵng"),
        district: ("497", "Huyện Hòa Vang"),
        commune: ("20314", "Xã Hòa Phong"),
        new_commune: ("20314", "Xã Hòa Vang"),
        hamlets: &[
            "Thôn Cẩm Toại Trung",
            "Thôn Dương Lâm 1",
            "Thôn Túy Loan Đông",
        ],
    },
];

/// The merged city's code and name from 1 July 2025 (QĐ 759/QĐ-TTg; effective date UNCONFIRMED).
pub(crate) const MERGED_PROVINCE: (&str, &str) = ("48", "Thành phố Đà Nẵng");

/// Synthetic schools: name, code prefix, index into [`PLACES`].
pub(crate) const SCHOOLS: &[(&str, &str, usize)] = &[
    ("Trường Tiểu học Trần Quốc Toản", "49TH0031", 0),
    ("Trường Tiểu học Lê Văn Tám", "49TH0112", 1),
    ("Trường Tiểu học Nguyễn Văn Trỗi", "49TH0207", 2),
    ("Trường Tiểu học Kim Đồng", "49TH0015", 3),
    ("Trường Tiểu học Phù Đổng", "48TH0044", 4),
    ("Trường Tiểu học Võ Thị Sáu", "48TH0093", 5),
];

pub(crate) const TEACHER_NAMES: &[&str] = &[
    "Nguyễn Thị Thu Hà",
    "Trần Thị Kim Oanh",
    "Lê Văn Hùng",
    "Phạm Thị Mỹ Lệ",
    "Huỳnh Thị Ngọc Ánh",
    "Võ Văn Thắng",
    "Đặng Thị Hồng Nhung",
    "Bùi Thị Thanh Tâm",
    "Hồ Thị Diễm",
    "Phan Văn Lực",
];
pub(crate) const PRINCIPAL_NAMES: &[&str] = &[
    "Nguyễn Văn Bình",
    "Trần Thị Lệ Thủy",
    "Lê Thị Hoa",
    "Phạm Văn Sơn",
    "Võ Thị Xuân",
    "Đỗ Văn Khoa",
];
pub(crate) const VICE_PRINCIPAL_NAMES: &[&str] =
    &["Ngô Thị Bích", "Dương Văn Tài", "Lương Thị Hạnh"];

pub(crate) const COMMENT_GOOD: &[&str] = &[
    "Tiếp thu bài nhanh, hoàn thành tốt các yêu cầu của môn học.",
    "Tích cực phát biểu xây dựng bài; vận dụng kiến thức vào thực tế tốt.",
    "Có tiến bộ rõ rệt, trình bày bài sạch đẹp, cẩn thận.",
    "Nắm vững kiến thức, kĩ năng; hăng hái tham gia các hoạt động nhóm.",
];
pub(crate) const COMMENT_COMPLETED: &[&str] = &[
    "Hoàn thành các yêu cầu của môn học; cần chú ý cẩn thận hơn khi làm bài.",
    "Nắm được kiến thức cơ bản; cần mạnh dạn phát biểu hơn.",
    "Có cố gắng; cần luyện tập thêm ở nhà để tiến bộ hơn.",
];
pub(crate) const COMMENT_NOT_COMPLETED: &[&str] = &[
    "Chưa hoàn thành một số yêu cầu cần đạt; cần được hỗ trợ thêm về kĩ năng đọc hiểu.",
    "Còn nhầm lẫn khi thực hiện phép tính; gia đình cần phối hợp kèm cặp thêm.",
];
pub(crate) const COMMENT_QUALITY_GOOD: &[&str] = &[
    "Kính trọng thầy cô, đoàn kết, yêu thương bạn bè.",
    "Đi học đều, đúng giờ; tự giác thực hiện nhiệm vụ được giao.",
    "Thật thà, mạnh dạn nhận lỗi và sửa lỗi.",
];
pub(crate) const COMMENT_QUALITY_PASS: &[&str] = &[
    "Thực hiện tương đối đầy đủ nội quy lớp học; cần chủ động hơn.",
    "Biết giúp đỡ bạn; đôi khi còn quên đồ dùng học tập.",
];
pub(crate) const COMMENT_QUALITY_WEAK: &[&str] =
    &["Còn rụt rè, cần được động viên thường xuyên để tiến bộ."];
pub(crate) const COMMENT_SUPPLEMENTARY: &[&str] = &[
    "Sau thời gian ôn tập hè, em đã đạt các yêu cầu cần đạt của lớp học.",
    "Sau ôn tập hè, em vẫn chưa đạt một số yêu cầu cần đạt môn Tiếng Việt và Toán.",
];

/// Group comments of the national format (CV 2088: one per group), as teachers write them.
pub(crate) const COMMENT_QUALITIES_GROUP: &[&str] = &[
    "Lễ phép, kính trọng thầy cô; biết giúp đỡ bạn bè; trung thực trong học tập.",
    "Chăm chỉ, có trách nhiệm với công việc được giao; yêu quý trường lớp.",
    "Ngoan, đoàn kết với bạn; cần mạnh dạn hơn khi phát biểu.",
];
pub(crate) const COMMENT_GENERAL_GROUP: &[&str] = &[
    "Tự giác hoàn thành nhiệm vụ học tập; biết hợp tác trong nhóm.",
    "Biết lắng nghe và trình bày ý kiến rõ ràng; tích cực tham gia hoạt động nhóm.",
    "Có khả năng tự học; cần chủ động hơn khi giải quyết vấn đề.",
];
pub(crate) const COMMENT_SPECIFIC_GROUP: &[&str] = &[
    "Đọc lưu loát, viết đúng chính tả; tính toán nhanh, chính xác.",
    "Diễn đạt mạch lạc; vận dụng kiến thức toán vào thực tế tốt.",
    "Có năng khiếu vẽ và hát; cần rèn thêm kĩ năng tính nhẩm.",
];
pub(crate) const COMMENT_HOMEROOM: &[&str] = &[
    "Hoàn thành tốt nhiệm vụ học tập và rèn luyện; tiếp tục phát huy.",
    "Em có nhiều tiến bộ trong năm học; cần cẩn thận hơn khi làm bài.",
    "Em ngoan, chăm học; gia đình cần tiếp tục quan tâm, động viên.",
];
