package vn.hocba

import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory
import org.junit.jupiter.api.assertThrows
import java.nio.file.Files

/** The whole shared manifest, one dynamic test per case (same outcomes as tests/tests/manifest.rs). */
class ManifestTest {
    private val root = Fixtures.vectorsDir
    private val manifest: JSONObject by lazy {
        val path = root.resolve("manifest.json")
        assertTrue(Files.exists(path), "no manifest at $path (the vectors are committed in tests/vectors)")
        JSONObject(Files.readString(path))
    }
    private val cases by lazy {
        val array = manifest.getJSONArray("cases")
        (0 until array.length()).map { ManifestRunner.Case(array.getJSONObject(it)) }
    }

    @Test
    fun `the manifest is version 1 with unique ids`() {
        assertEquals(1, manifest.getInt("version"))
        assertTrue(cases.isNotEmpty())
        assertEquals(cases.size, cases.map { it.id }.toSet().size, "duplicate ids")
    }

    @TestFactory
    fun `every manifest case`(): List<DynamicTest> {
        val runner = ManifestRunner(root)
        return cases.map { case -> DynamicTest.dynamicTest(case.id) { runner.run(case) } }
    }

    @Test
    fun `an unknown kind fails`() {
        val raw = JSONObject(cases.first().raw.toString()).put("kind", "no_such_kind")
        val e = assertThrows<AssertionError> { ManifestRunner(root).run(ManifestRunner.Case(raw)) }
        assertTrue(e.message!!.contains("unknown kind"), e.message)
    }

    /** The comparison reads every field: a kind, a path or a signer's field other than the
     *  core's fails the case (as the Rust and Python runners' `a_changed_outcome_field_fails`). */
    @Test
    fun `a changed outcome field fails`() {
        val runner = ManifestRunner(root)
        val byId = cases.associateBy { it.id }
        listOf(
            Triple("verify/payload_grade_out_of_range", listOf("raised", "path"), JSONObject.NULL),
            Triple("verify/payload_grade_out_of_range", listOf("raised", "kind"), "signature"),
            Triple("signed_xml/attack/dtd-entity", listOf("raised", "kind"), "decode"),
            Triple("verify/valid_ed25519", listOf("report", "signers", "2", "subject_name"), "X"),
            Triple("verify/cert_revoked_after_signing", listOf("report", "signers", "0", "revoked_later"), JSONObject.NULL),
            Triple("verify/valid_ed25519", listOf("report", "signers", "2", "issuer"), "X"),
            Triple("signed_xml/timestamped_seal", listOf("report", "signers", "2", "judged_at"), "2026-06-01T00:02:00Z"),
            Triple("signed_xml/timestamped_seal", listOf("report", "signers", "2", "timestamp"), JSONObject.NULL),
            Triple("verify/correction_chain", listOf("report", "years", "0", "revisions", "1", "lookup_code"), JSONObject.NULL),
            Triple("verify/correction_chain", listOf("report", "years", "0", "revisions", "1", "supersedes"), JSONObject.NULL),
            Triple("signed_xml/years_recalled_and_replaced", listOf("report", "years", "0", "revisions", "0", "recalled"), false),
        ).forEach { (id, path, value) ->
            val raw = JSONObject(byId.getValue(id).raw.toString())
            runner.run(ManifestRunner.Case(raw))
            var node: Any = raw.getJSONObject("outcome")
            for (k in path.dropLast(1)) {
                node = if (node is JSONObject) node.get(k) else (node as org.json.JSONArray).get(k.toInt())
            }
            (node as JSONObject).put(path.last(), value)
            val e = assertThrows<AssertionError> { runner.run(ManifestRunner.Case(raw)) }
            assertTrue(e.message!!.contains("outcome/"), e.message)
        }
    }
}
