// The annotated proof of a check: one page per printer, the cover as Poppler renders it with
// the printer's folds, variance bands, safe areas, spine-text area and barcode area drawn
// over it, and every finding outlined and numbered as in the report, with a legend.
#pragma once

#include <string>

#include "podcover/check/checker.hpp"

namespace podcover::check {

// The proof as PDF bytes. Findings are numbered from 1 per printer, in report order.
std::string annotated_proof(const CoverCheck& check, double pixels_per_inch = 100);

}  // namespace podcover::check
