package vn.hocba

import org.json.JSONObject
import java.nio.file.Files
import java.nio.file.Path
import java.time.Instant

/**
 * Runs one case of tests/vectors/manifest.json through the Kotlin bindings, dispatching on its
 * `kind` exactly as the Rust runner does (tests/src/kinds/<kind>.rs); an unknown kind fails.
 * A failure is an AssertionError naming the case and what differed.
 */
class ManifestRunner(private val root: Path) {
    /** One manifest case: the common fields and the kind-specific ones in [raw]. */
    class Case(val raw: JSONObject) {
        val id: String = raw.getString("id")
        val kind: String = raw.getString("kind")
        val input: String = raw.getString("input")
        val expectOk: Boolean = raw.getJSONObject("expect").getBoolean("ok")
        val expectError: String? = raw.getJSONObject("expect").optString("error", "").ifEmpty { null }

        fun field(name: String): String =
            raw.optString(name, "").ifEmpty { throw AssertionError("$id: missing field `$name`") }
    }

    fun read(rel: String): ByteArray = Files.readAllBytes(root.resolve(rel))

    fun run(case: Case) {
        when (case.kind) {
            "canonical" -> canonical(case)
            "hostile" -> hostile(case)
            "verify" -> verify(case)
            "validate" -> validateCase(case)
            "xml" -> xml(case)
            "signed_xml" -> signedXml(case)
            else -> throw AssertionError("${case.id}: unknown kind `${case.kind}`")
        }
    }

    /** Kind `canonical`: JSON encodes to the vector's bytes; the bytes decode to the JSON's value. */
    private fun canonical(case: Case) {
        check(case, case.expectOk, "canonical cases are valid documents")
        val bytes = read(case.input)
        val json = read(case.field("json"))
        val encoded = toCanonicalCbor(json)
        check(case, encoded.contentEquals(bytes), "encoding the JSON differs from the vector at byte ${firstDifference(encoded, bytes)}")
        val text = String(json, Charsets.UTF_8)
        val equal = when (val type = case.field("type")) {
            "year_record" -> decodeYearRecord(bytes) == yearRecordFromJson(text)
            "transcript" -> decodeTranscript(bytes) == transcriptFromJson(text)
            else -> throw AssertionError("${case.id}: unknown type `$type`")
        }
        check(case, equal, "decoding the bytes does not give the JSON's value")
        val hex = parseAnnotatedHex(String(read(case.field("hex")), Charsets.UTF_8))
        check(case, hex.contentEquals(bytes), "the annotated hex is not the vector's bytes")
    }

    /** Kind `hostile`: the strict decoder rejects the bytes with exactly the expected code, and
     *  the error's kind and path are the case's `error_kind` and `error_path` (generated from
     *  the core; Rust and Python compare the same fields, ADR 0096). */
    private fun hostile(case: Case) {
        val expected = case.expectError ?: throw AssertionError("${case.id}: hostile cases expect an error")
        val bytes = read(case.input)
        val type = case.field("type")
        val error = try {
            when (type) {
                "transcript" -> decodeTranscript(bytes)
                else -> decodeYearRecord(bytes)
            }
            null
        } catch (e: HocbaException) {
            e
        }
        check(case, error != null, "accepted; expected `$expected`")
        check(case, error!!.code == expected, "rejected with `${error.code}`; expected `$expected`")
        val wantKind = case.field("error_kind")
        check(case, error.kind == wantKind, "error kind `${error.kind}`; expected `$wantKind`")
        val wantPath = if (case.raw.isNull("error_path")) null else case.raw.getString("error_path")
        check(case, error.path == wantPath, "error path `${error.path}`; expected `$wantPath`")
    }

    /** Kind `xml`: a national XML reads to the case's JSON (and back to the same bytes when
     *  `roundtrip`), or is refused with exactly the expected code. */
    private fun xml(case: Case) {
        val bytes = read(case.input)
        val got: String? = try {
            val record = yearRecordFromXml(bytes)
            if (case.expectOk) {
                val expected = yearRecordFromJson(String(read(case.field("json")), Charsets.UTF_8))
                check(case, record == expected, "reads to a different model than the case's JSON")
                if (case.raw.optBoolean("roundtrip", false)) {
                    check(case, toNationalXml(bytes).contentEquals(bytes), "writing the record back gives other bytes")
                }
            }
            null
        } catch (e: HocbaException) {
            e.code
        }
        compareOutcome(case, got)
    }

    /** The case's signer roots, CRLs and time-stamping authorities' roots (`tsa_roots`, a
     *  separate set: ADR 0160). */
    private fun trustStore(case: Case) = TrustStore(
        paths(case, "trust").map(::read),
        paths(case, "crls").map(::read),
        tsaRoots = paths(case, "tsa_roots").map(::read),
    )

    private fun paths(case: Case, name: String): List<String> {
        val a = case.raw.optJSONArray(name) ?: return emptyList()
        return (0 until a.length()).map { a.getString(it) }
    }

    /** Outcome `null` (ok) or the error code, as expect_of in the Rust runners. */
    private fun compareOutcome(case: Case, got: String?) {
        val want = if (case.expectOk) null else (case.expectError ?: "")
        check(case, got == want, "expected ${want ?: "ok"}, got ${got ?: "ok"}")
    }

    /** Kind `verify`: a signed record or transcript against the test PKI at a time. */
    private fun verify(case: Case) {
        trustStore(case).use { trust ->
            val at = Instant.parse(case.field("at"))
            val bytes = read(case.input)
            val got: String? = try {
                when (case.raw.optString("type")) {
                    "transcript" -> trust.verifyTranscript(bytes, at).let { r ->
                        if (r.status == VerificationStatus.VALID) null else (r.error ?: "invalid")
                    }
                    else -> trust.verify(bytes, at).let { r ->
                        if (r.status == VerificationStatus.VALID) null else (r.error ?: "invalid")
                    }
                }
            } catch (e: HocbaException) {
                e.code
            }
            compareOutcome(case, got)
        }
    }

    /** Kind `signed_xml`: a national XML signed with XML-DSig, verified as a year record against
     *  the test PKI at the case's time (valid with each signer's role and algorithm as listed,
     *  `incomplete`, a signer's or the profile's code, or the unreadable input's error code);
     *  `verifyMany` must give the same outcome. */
    private fun signedXml(case: Case) {
        trustStore(case).use { trust ->
            val at = Instant.parse(case.field("at"))
            val bytes = read(case.input)
            val bulk = trust.verifyMany(listOf(bytes), at).single()
            val got: String? = try {
                val r = trust.verifyXml(bytes, at)
                check(case, r.status == bulk.status && r.error == bulk.error,
                    "verifyMany gives ${bulk.status} ${bulk.error}, verifyXml ${r.status} ${r.error}")
                if (r.status == VerificationStatus.VALID) {
                    check(case, r.record != null && r.record == bulk.record, "valid without the record")
                    case.raw.optJSONArray("signers")?.let { a ->
                        val want = (0 until a.length()).map { i ->
                            a.getJSONObject(i).let { it.getString("role") to it.getString("algorithm") }
                        }
                        val signers = r.signers.map { it.role.code() to it.algorithm }
                        check(case, signers == want, "signers: expected $want, got $signers")
                        check(case, r.signers.all { it.valid && it.certificate != null }, "a signer is not valid")
                    }
                    // A time-stamped signer is judged at its token's time (ADR 0160).
                    case.raw.optJSONArray("time_sources")?.let { a ->
                        val want = (0 until a.length()).map { a.getString(it) }
                        val got = r.signers.map { it.timeSource }
                        check(case, got == want, "time_sources: expected $want, got $got")
                        check(case, r.signers.all {
                            it.judgedAt == (if (it.timeSource == "timestamp") it.timestampTime else it.signingTime)
                        }, "judgedAt is not the time the source names")
                    }
                    null
                } else {
                    check(case, r.record == null, "a record handed out with an invalid report")
                    r.error ?: "invalid"
                }
            } catch (e: HocbaException) {
                check(case, bulk.status == VerificationStatus.INVALID && bulk.error == e.code,
                    "verifyMany gives ${bulk.status} ${bulk.error}, verifyXml raised ${e.code}")
                e.code
            }
            compareOutcome(case, got)
        }
    }

    /** Kind `validate`: every violation code in order, the first error, the derived result. */
    private fun validateCase(case: Case) {
        val bytes = read(case.input)
        val type = case.field("type")
        val document = decode(bytes).document
        val kindOk = when (type) {
            "transcript" -> document is Document.Transcript
            else -> document is Document.YearRecord
        }
        check(case, kindOk, "the input is not a $type")
        val report = vn.hocba.validate(bytes, null)
        compareOutcome(case, report.violations.firstOrNull { it.severity == Severity.ERROR }?.code)
        check(case, report.ok == case.expectOk, "ok is ${report.ok}")
        val want = case.raw.optJSONArray("violations")?.let { a -> (0 until a.length()).map { a.getString(it) } } ?: emptyList()
        val got = report.violations.map { it.code }
        check(case, got == want, "violations: expected $want, got $got")
        if (case.raw.has("derived")) {
            val wantDerived = if (case.raw.isNull("derived")) null else case.raw.getString("derived")
            val gotDerived = report.derived.firstOrNull()?.result?.code()
            check(case, gotDerived == wantDerived, "derived result: expected $wantDerived, got $gotDerived")
        }
    }

    private fun check(case: Case, ok: Boolean, why: String) {
        if (!ok) throw AssertionError("${case.id}: $why")
    }

    companion object {
        /** Strips `#` comments and whitespace from annotated hex and decodes it. */
        fun parseAnnotatedHex(text: String): ByteArray {
            val digits = text.lineSequence()
                .map { it.substringBefore('#') }
                .joinToString("") { line -> line.filterNot { it.isWhitespace() } }
            require(digits.length % 2 == 0) { "annotated hex: odd number of digits" }
            return ByteArray(digits.length / 2) { i -> digits.substring(2 * i, 2 * i + 2).toInt(16).toByte() }
        }

        fun firstDifference(a: ByteArray, b: ByteArray): Int =
            (0 until minOf(a.size, b.size)).firstOrNull { a[it] != b[it] } ?: minOf(a.size, b.size)
    }
}
