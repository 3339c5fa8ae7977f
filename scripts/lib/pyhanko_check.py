"""pyHanko's view of a PAdES-signed hocba PDF (scripts/test-pades.sh).

Usage: pyhanko_check.py ROOT.pem FILE.pdf [TSA_ROOT.pem]
Validates every signature with pyHanko against ROOT.pem alone (no fetching): the PDF-level
validation (the CMS intact and valid, the chain trusted, the PAdES SubFilter ETSI.CAdES.detached,
the signature covering the whole file, or its revision followed only by changes pyHanko's
difference analysis allows) and the AdES basic signature validation of ETSI EN 319 102-1 §5.3
(`ades_basic_validation`, revocation not checked: the test PKI publishes no OCSP/CRL endpoint),
which must pass. With TSA_ROOT.pem, every signature must also carry a signature time-stamp
(PAdES B-T) that pyHanko finds intact, valid and trusted under that root. Exit 0 when all hold,
1 otherwise, printing pyHanko's own summary.
"""

import asyncio
import sys

from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.ades import ades_basic_validation
from pyhanko.sign.validation.policy_decl import (
    RevinfoOnlineFetchingRule,
    RevocationInfoGatheringSpec,
    SignatureValidationSpec,
)
from pyhanko.sign.ades.report import AdESPassed
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.context import CertValidationPolicySpec
from pyhanko_certvalidator.policy_decl import (
    CertRevTrustPolicy,
    RevocationCheckingPolicy,
    RevocationCheckingRule,
)
from pyhanko_certvalidator.registry import SimpleTrustManager


def ades_spec(root) -> SignatureValidationSpec:
    no_check = RevocationCheckingRule.NO_CHECK
    policy = CertValidationPolicySpec(
        trust_manager=SimpleTrustManager.build(trust_roots=[root]),
        revinfo_policy=CertRevTrustPolicy(
            RevocationCheckingPolicy(
                ee_certificate_rule=no_check, intermediate_ca_cert_rule=no_check
            )
        ),
    )
    return SignatureValidationSpec(
        cert_validation_policy=policy,
        revinfo_gathering_policy=RevocationInfoGatheringSpec(
            online_fetching_rule=RevinfoOnlineFetchingRule.LOCAL_ONLY
        ),
    )


def main() -> int:
    root = load_cert_from_pemder(sys.argv[1])
    tsa_root = load_cert_from_pemder(sys.argv[3]) if len(sys.argv) > 3 else None
    ok = True
    with open(sys.argv[2], "rb") as f:
        reader = PdfFileReader(f, strict=True)
        sigs = reader.embedded_signatures
        if not sigs:
            print("pyHanko: no signature")
            return 1
        for sig in sigs:
            vc = ValidationContext(trust_roots=[root], allow_fetching=False)
            tsvc = (
                ValidationContext(trust_roots=[tsa_root], allow_fetching=False)
                if tsa_root is not None
                else None
            )
            status = validate_pdf_signature(
                sig, signer_validation_context=vc, ts_validation_context=tsvc
            )
            subfilter = sig.sig_object.get("/SubFilter")
            coverage = status.coverage
            good = (
                status.intact
                and status.valid
                and status.trusted
                and subfilter == "/ETSI.CAdES.detached"
                and coverage
                in (
                    SignatureCoverageLevel.ENTIRE_FILE,
                    SignatureCoverageLevel.ENTIRE_REVISION,
                )
                and status.bottom_line
            )
            print(
                f"pyHanko: {sig.field_name}: intact={status.intact} valid={status.valid} "
                f"trusted={status.trusted} subfilter={subfilter} coverage={coverage.name} "
                f"modification={status.modification_level} bottom_line={status.bottom_line}"
            )
            try:
                ades = asyncio.run(
                    ades_basic_validation(
                        sig.signed_data, ades_spec(root), raw_digest=sig.compute_digest()
                    )
                )
                indication = ades.ades_subindic
            except Exception as e:  # a broken signature may not even reach an indication
                indication = f"error: {type(e).__name__}"
            print(f"pyHanko AdES basic validation (EN 319 102-1 5.3): {sig.field_name}: {indication}")
            ok = ok and good and indication == AdESPassed.OK
            if tsa_root is not None:
                ts = status.timestamp_validity
                stamped = ts is not None and ts.intact and ts.valid and ts.trusted
                print(
                    f"pyHanko: {sig.field_name}: signature time-stamp "
                    + (f"at {ts.timestamp} intact={ts.intact} valid={ts.valid} trusted={ts.trusted}"
                       if ts is not None else "absent")
                )
                ok = ok and stamped
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
