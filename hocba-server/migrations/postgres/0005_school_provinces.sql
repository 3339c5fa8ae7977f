-- Schema 5 (ADR 0225): at the national store, the province a school belongs to as the national
-- operator set it (POST /api/v1/operator/schools/{ma_truong}/province/{province}). A row
-- overrides the first-vouch rule of ADR 0202 (the province whose approval of one of the school's
-- certificates was recorded first), which still decides for a school without a row. A change
-- updates the row; every change is in the audit log (assign_school_province).
CREATE TABLE school_provinces (
    ma_truong    TEXT PRIMARY KEY REFERENCES units (ma_don_vi),
    province     TEXT NOT NULL REFERENCES units (ma_don_vi),
    assigned_by  TEXT NOT NULL,
    assigned_at  BIGINT NOT NULL
);
CREATE TRIGGER school_provinces_no_delete BEFORE DELETE ON school_provinces
FOR EACH ROW EXECUTE FUNCTION hocba_refuse('a school''s province is changed, never removed');
