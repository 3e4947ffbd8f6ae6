"""``loandesk cases print`` and ``loandesk products sheet``: a case's documents and product
sheets as PDF files."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.clikit import open_profile, read_password
from app.domain.applicant import PRODUCTS
from app.domain.offers import Method
from app.letters.texts import LANGUAGES
from app.services.cases import CaseService
from app.services.letters import LetterKind, LetterService, check_writable, save_pdf

_WORDS = {
    LetterKind.OFFER: "offer",
    LetterKind.APPROVAL: "approval letter",
    LetterKind.DECLINE: "decline notice",
    LetterKind.MEMO: "credit memo",
}


def cmd_cases_print(args: argparse.Namespace) -> int:
    out = Path(args.out).expanduser()
    check_writable(out)
    profile = open_profile(args)
    try:
        state = CaseService(profile).find(args.case)
        password = read_password("Your password again, to print: ")
        method = Method(args.method) if args.method else None
        pdf = LetterService(profile).render(
            state.case_id, args.kind, args.lang, password, method=method
        )
    finally:
        profile.close()
    save_pdf(out, pdf)
    print(f"Wrote the {_WORDS[LetterKind(args.kind)]} of case {state.case_no} to {out}.")
    return 0


def cmd_products_sheet(args: argparse.Namespace) -> int:
    out = Path(args.out).expanduser()
    check_writable(out)
    profile = open_profile(args)
    try:
        pdf = LetterService(profile).product_sheet(args.product, args.lang)
    finally:
        profile.close()
    save_pdf(out, pdf)
    print(f"Wrote the product sheet of {args.product} to {out}.")
    return 0


def add_letter_commands(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    cases: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    printing = cases.add_parser(
        "print",
        parents=[common],
        help="officer: an offer, approval letter, decline notice or credit memo as PDF "
        "(asks the password again; logged)",
    )
    printing.add_argument("case", help="case id or case number")
    printing.add_argument("--kind", required=True, choices=[k.value for k in LetterKind])
    printing.add_argument("--lang", default="en", choices=LANGUAGES, help="en or zh")
    printing.add_argument(
        "--method",
        choices=[m.value for m in Method],
        help="an offer's repayment method (the product's first by default)",
    )
    printing.add_argument("--out", required=True, metavar="FILE", help="the PDF file to write")
    printing.set_defaults(func=cmd_cases_print)
    products = sub.add_parser("products", help="the loan products").add_subparsers(
        title="product commands", metavar="ACTION", required=True
    )
    sheet = products.add_parser(
        "sheet", parents=[common], help="a product's sheet as PDF (no personal data; logged)"
    )
    sheet.add_argument("product", choices=PRODUCTS)
    sheet.add_argument("--lang", default="en", choices=LANGUAGES, help="en or zh")
    sheet.add_argument("--out", required=True, metavar="FILE", help="the PDF file to write")
    sheet.set_defaults(func=cmd_products_sheet)
