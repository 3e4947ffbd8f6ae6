"""The printed documents of a loan decision, as PDF, in English or Simplified Chinese.

Pure layout: each document's function (``offer.offer``, ``notices.approval_letter``,
``notices.decline_notice``, ``memo.credit_memo``, ``sheet.product_sheet``) takes the
facts (``facts``) and returns PDF bytes; nothing here reads the database or
writes a file. ``app.services.letters`` gathers the facts, checks who may print
and records the print. This package's own import stays light: fpdf2 and the font
tools load with the first document drawn.
"""
