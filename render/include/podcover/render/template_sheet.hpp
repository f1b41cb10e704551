// Printer templates: a book's cover geometry drawn for designers, like the printers' own
// templates but with every zone labelled with its dimensions, for each printer from one
// command: bleed or wrap, trim, panels, folds and their variance, safe areas, spine-text
// area, hinges, boards, flaps and barcode area, and the book's facts in a corner.
#pragma once

#include <optional>
#include <string>

#include "podcover/layout.hpp"
#include "podcover/render/barcode.hpp"
#include "podcover/render/fonts.hpp"
#include "podcover/render/handles.hpp"
#include "podcover/render/pdf_output.hpp"

namespace podcover::render {

struct TemplateSheet {
    Size page;        // the template page: the cover with room for labels and the facts
    Rect cover;       // where the cover sits on the page
    std::string pdf;  // finished: TrimBox and BleedBox mark the cover's trim and sheet
    CairoSurface png;
};

// Draws the template. With a barcode, it is drawn in the printer's barcode area.
TemplateSheet make_template(const Layout& layout, FontLibrary& fonts, const Barcode* barcode,
                            double png_pixels_per_inch);

}  // namespace podcover::render
