-- The key-work category catalogue (多网合一、一网多用): every task and case belongs to one.
CREATE TABLE category (
    code             VARCHAR(50)  PRIMARY KEY,
    name             VARCHAR(100) NOT NULL,
    description      VARCHAR(1000),
    case_time_limit_hours INTEGER NOT NULL DEFAULT 72,
    active           BOOLEAN      NOT NULL DEFAULT TRUE,
    version          BIGINT       NOT NULL DEFAULT 0,
    created_by       VARCHAR(200) NOT NULL,
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now()
);

INSERT INTO category (code, name, description, case_time_limit_hours, created_by) VALUES
    ('SAFETY_PRODUCTION', '安全生产', '企业、农户、道路与消防安全隐患排查整治', 24, 'system'),
    ('SAFE_COMMUNITY', '平安建设', '矛盾纠纷排查化解、治安防控、平安村（社区）创建', 48, 'system'),
    ('LIVING_ENVIRONMENT', '人居环境整治', '村容村貌、垃圾与污水治理、厕所革命', 72, 'system'),
    ('AIR_POLLUTION', '大气污染防治', '秸秆禁烧、散煤治理、扬尘管控', 24, 'system'),
    ('EPIDEMIC_PREVENTION', '疫情防控', '重点人群排查、疫苗接种动员、防疫宣传', 24, 'system'),
    ('RURAL_REVITALIZATION', '乡村振兴', '产业发展、就业帮扶、防止返贫监测', 168, 'system'),
    ('LIVELIHOOD', '民生实事', '我为群众办实事：社会救助、养老、医保、办事代办', 72, 'system');
