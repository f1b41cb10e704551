// Cairo's PDF rewritten as PDF/X-1a:2001 in the printer's CMYK (docs/color.md). Internal to
// the renderer: pdf_output.cpp calls it on the document it finishes.
#pragma once

#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include <qpdf/QPDF.hh>
#include <qpdf/QPDFWriter.hh>

#include "podcover/render/color.hpp"

namespace podcover::render {

struct PdfxFacts;

// Converts every colour of the document in place: fill and stroke colours in the content
// streams of pages, forms, patterns and Type 3 glyphs (rg, RG, and sc/scn after an RGB cs);
// images (an RGB JPEG re-encoded once as a CMYK JPEG; other RGB images converted losslessly;
// CMYK JPEGs kept byte for byte); shadings and their functions; RGB colour spaces. Removes
// what PDF/X-1a forbids where it changes nothing drawn (transparency groups, opacity 1,
// /Interpolate), and adds the OutputIntent (GTS_PDFX, the profile embedded) and the
// document information PDF/X asks for (Title, dates, Trapped, GTS_PDFXVersion and
// GTS_PDFXConformance). Returns what cannot be converted (real transparency, a colour space
// PDF/X-1a does not allow): content streams are filtered while the writer writes, so the
// caller reads the list after writing.
std::shared_ptr<const std::vector<std::string>> convert_to_pdfx(QPDF& pdf,
                                                                const CmykConverter& converter,
                                                                const std::string& title,
                                                                std::time_t date, PdfxFacts& facts);

// PDF/X-1a:2001 is PDF 1.3: no object or cross-reference streams.
void configure_pdfx_writer(QPDFWriter& writer);

// "D:20250102030405+00'00'" (UTC).
std::string pdf_date(std::time_t date);

}  // namespace podcover::render
