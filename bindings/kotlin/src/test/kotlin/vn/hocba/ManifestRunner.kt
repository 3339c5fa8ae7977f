package vn.hocba

import org.json.JSONArray
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

    /** The outcome of a refused call: the core's code, kind (the exception class) and path. */
    private fun raised(e: HocbaException): Map<String, Any?> =
        mapOf("raised" to mapOf("code" to e.code, "kind" to e.kind, "path" to e.path))

    private fun signer(s: SignerReport): Map<String, Any?> = mapOf(
        "position" to s.position.toLong(),
        "role" to s.role.code(),
        "capacity" to s.capacity?.code(),
        "algorithm" to s.algorithm,
        "signing_time" to s.signingTime.toString(),
        "valid" to s.valid,
        "error" to s.error,
        "subject_name" to s.certificate?.subjectName,
        "serial" to s.certificate?.serialHex,
        "issuer" to s.certificate?.issuer,
        "organisation" to s.certificate?.organisation,
        "is_organisation" to s.certificate?.isOrganisation,
        "time_source" to s.timeSource,
        "judged_at" to s.judgedAt.toString(),
        "timestamp" to s.timestampTime?.let {
            mapOf(
                "time" to it.toString(),
                "tsa" to s.timestampTsa,
                "tsa_root" to s.timestampTsaRoot,
                "serial" to s.timestampSerial,
                "policy" to s.timestampPolicy,
            )
        },
        "revoked_later" to s.revokedLater?.let { mapOf("revoked_at" to it.revokedAt.toString(), "reason" to it.reason) },
    )

    private fun findings(f: List<ContentFinding>): List<Map<String, Any?>> =
        f.map { mapOf("code" to it.code, "rule" to it.rule, "path" to it.path, "blocking" to it.blocking) }

    private fun status(s: VerificationStatus): String = s.name.lowercase()

    private fun recordReport(r: VerificationReport): Map<String, Any?> = mapOf(
        "status" to status(r.status),
        "error" to r.error,
        "digest" to r.digest,
        "missing" to r.missing.map { it.code() },
        "signers" to r.signers.map(::signer),
        "findings" to findings(r.findings),
    )

    private fun transcriptReport(r: TranscriptVerificationReport): Map<String, Any?> = mapOf(
        "status" to status(r.status),
        "error" to r.error,
        "issues" to r.issues.map { mapOf("code" to it.code, "record" to it.record.toLong()) },
        "findings" to findings(r.findings),
        "years" to r.years.map { y ->
            mapOf("revisions" to y.revisions.map {
                mapOf(
                    "record" to it.index.toLong(),
                    "digest" to it.digest,
                    "supersedes" to it.supersedes,
                    "lookup_code" to it.lookupCode,
                    "recalled" to it.recalled,
                    "report" to recordReport(it.report),
                )
            })
        },
    )

    /** Compares every field of [got] with the case's `outcome` (generated from the core,
     *  tests/src/kinds/outcome.rs), then the short form with `expect`. */
    private fun checkOutcome(case: Case, got: Map<String, Any?>) {
        check(case, case.raw.has("outcome"), "no outcome")
        val want = normalise(case.raw.get("outcome"))
        firstDifference(want, got, "")?.let { (at, w, g) -> check(case, false, "outcome$at: expected $w, got $g") }
        @Suppress("UNCHECKED_CAST")
        val short: String? = (got["raised"] as Map<String, Any?>?)?.get("code") as String?
            ?: (got["report"] as Map<String, Any?>).let { r ->
                if (r["status"] == "valid") null else (r["error"] as String? ?: "invalid")
            }
        compareOutcome(case, short)
    }

    /** Kind `verify`: a signed record or transcript against the test PKI at a time; the full
     *  report (every signer's and finding's fields) or the refused call's code, kind and path. */
    private fun verify(case: Case) {
        trustStore(case).use { trust ->
            val at = Instant.parse(case.field("at"))
            val bytes = read(case.input)
            val got: Map<String, Any?> = try {
                when (case.raw.optString("type")) {
                    "transcript" -> mapOf("report" to transcriptReport(trust.verifyTranscript(bytes, at)))
                    else -> mapOf("report" to recordReport(trust.verify(bytes, at)))
                }
            } catch (e: HocbaException) {
                raised(e)
            }
            checkOutcome(case, got)
        }
    }

    /** Kind `signed_xml`: a national XML signed with XML-DSig, verified as a year record against
     *  the test PKI at the case's time: the full report or the refused call's code, kind and
     *  path; each valid case's signers have the listed roles and algorithms; `verifyMany` gives
     *  the same report (for an unreadable input, a report with its code). */
    private fun signedXml(case: Case) {
        if (case.raw.optString("type") == "years") return xmlYears(case)
        trustStore(case).use { trust ->
            val at = Instant.parse(case.field("at"))
            val bytes = read(case.input)
            val bulk = trust.verifyMany(listOf(bytes), at).single()
            val got: Map<String, Any?> = try {
                val r = trust.verifyXml(bytes, at)
                check(case, recordReport(r) == recordReport(bulk),
                    "verifyMany gives ${recordReport(bulk)}, verifyXml ${recordReport(r)}")
                if (r.status == VerificationStatus.VALID) {
                    check(case, r.record != null && r.record == bulk.record, "valid without the record")
                } else {
                    check(case, r.record == null, "a record handed out with an invalid report")
                }
                case.raw.optJSONArray("signers")?.let { a ->
                    val want = (0 until a.length()).map { i ->
                        a.getJSONObject(i).let { it.getString("role") to it.getString("algorithm") }
                    }
                    val signers = r.signers.map { it.role.code() to it.algorithm }
                    check(case, signers == want, "signers: expected $want, got $signers")
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
                mapOf("report" to recordReport(r))
            } catch (e: HocbaException) {
                check(case, bulk.status == VerificationStatus.INVALID && bulk.error == e.code,
                    "verifyMany gives ${bulk.status} ${bulk.error}, verifyXml raised ${e.code}")
                raised(e)
            }
            checkOutcome(case, got)
        }
    }

    /** A `years` case of kind `signed_xml`: the case's `records` verified as one học bạ with the
     *  portal's `recalled` lookup codes and `replaced` links (ADR 0170): the transcript report
     *  (each revision's `recalled`) or the refused call's code, kind and path. */
    private fun xmlYears(case: Case) {
        trustStore(case).use { trust ->
            val at = Instant.parse(case.field("at"))
            val records = paths(case, "records").map(::read)
            val recalled = paths(case, "recalled")
            val links = case.raw.getJSONObject("replaced")
            val replaced = links.keySet().associateWith { links.getString(it) }
            val got: Map<String, Any?> = try {
                mapOf("report" to transcriptReport(trust.verifyXmlTranscript(records, at, recalled, replaced)))
            } catch (e: HocbaException) {
                raised(e)
            }
            checkOutcome(case, got)
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

        /** org.json values as Kotlin maps, lists, `Long`s and `null`s, to compare with what a
         *  runner builds. */
        fun normalise(v: Any?): Any? = when (v) {
            null, JSONObject.NULL -> null
            is JSONObject -> v.keySet().associateWith { normalise(v.get(it)) }
            is JSONArray -> (0 until v.length()).map { normalise(v.get(it)) }
            is Int -> v.toLong()
            is Long -> v
            is Number -> v.toLong()
            else -> v
        }

        /** The JSON pointer of the first field where [got] differs from [want], with both
         *  values; `null` when equal. */
        fun firstDifference(want: Any?, got: Any?, at: String): Triple<String, Any?, Any?>? {
            if (want is Map<*, *> && got is Map<*, *>) {
                @Suppress("UNCHECKED_CAST")
                val (w, g) = (want as Map<String, Any?>) to (got as Map<String, Any?>)
                return (w.keys + g.keys).toSortedSet()
                    .firstNotNullOfOrNull { k -> firstDifference(w[k], g[k], "$at/$k") }
            }
            if (want is List<*> && got is List<*> && want.size == got.size) {
                return want.indices.firstNotNullOfOrNull { i -> firstDifference(want[i], got[i], "$at/$i") }
            }
            return if (want == got) null else Triple(at, want, got)
        }

        fun firstDifference(a: ByteArray, b: ByteArray): Int =
            (0 until minOf(a.size, b.size)).firstOrNull { a[it] != b[it] } ?: minOf(a.size, b.size)
    }
}
