// Finishing Cairo's PDFs with qpdf (Cairo 1.16 cannot set page boxes), and writing outputs
// atomically.
#pragma once

#include <cairo.h>

#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "podcover/rect.hpp"
#include "podcover/render/color.hpp"
#include "podcover/render/handles.hpp"

namespace podcover::render {

// Page boxes in podcover's coordinates (origin at the sheet's top-left, y down); written in
// PDF user space (origin bottom-left, y up, points).
struct PageBoxes {
    Size page;
    Rect trim;   // TrimBox: the trimmed cover
    Rect bleed;  // BleedBox: the cover with its bleed (the page, unless it is a template page)
};

struct PdfMetadata {
    std::string title;
    std::string author;
    std::string subject;
    std::string keywords;
};

// Sets each page's TrimBox and BleedBox (pages without an entry keep theirs), replaces the
// document information with `metadata` (Creator and Producer "podcover", no dates), writes
// pure RGB black in text and vector marks as 100% K (barcodes and small text must be one ink),
// and writes the file with an ID derived from its content, so that the same input gives the
// same bytes. Throws std::runtime_error when qpdf cannot read Cairo's output (a bug).
std::string finish_pdf(const std::string& cairo_pdf, const std::vector<PageBoxes>& boxes,
                       const PdfMetadata& metadata);

// What converting a cover to CMYK did to its images, for the report.
struct PdfxFacts {
    int rgb_jpegs_recoded = 0;             // RGB JPEG art, re-encoded once as CMYK JPEG
    int recoded_jpeg_quality = 0;          // the lowest quality they were re-encoded at
    bool recoded_jpeg_subsampled = false;  // colour at half resolution, as in the source
    int images_converted = 0;              // other RGB images, converted losslessly
    int cmyk_jpegs_kept = 0;               // CMYK JPEG art, its bytes kept
    double cmyk_jpeg_max_ink_percent = 0;  // the kept CMYK JPEGs' largest total ink
};

struct FinishedPdf {
    std::string bytes;
    PdfxFacts facts;
};

// finish_pdf for a cover to print in CMYK: every colour converted through `converter` and the
// file written as PDF/X-1a:2001 (PDF 1.3; OutputIntent with the profile; Title, CreationDate
// and ModDate `date`, Trapped False, GTS_PDFXVersion, GTS_PDFXConformance; no transparency).
// docs/color.md. Throws std::runtime_error naming what cannot be converted (podcover draws
// nothing such: a bug).
FinishedPdf finish_cmyk_pdf(const std::string& cairo_pdf, const std::vector<PageBoxes>& boxes,
                            const PdfMetadata& metadata, const CmykConverter& converter,
                            std::time_t date);

// The same without boxes: metadata and a content-derived ID only.
std::string finish_pdf(const std::string& cairo_pdf, const PdfMetadata& metadata);

// A Cairo PDF surface whose output is appended to `bytes` (which must outlive the surface),
// its first page of the given size in points.
CairoSurface pdf_surface_into(std::string& bytes, double width_pt, double height_pt);

// The surface (RGB24, or ARGB32 with its transparency) as PNG bytes. With pixels_per_inch, the
// PNG states its resolution (pHYs), so that layout programs place it at its physical size.
std::string encode_png(cairo_surface_t* surface, double pixels_per_inch = 0);

// Call before qpdf is used on several threads at once (render_job's finishing threads, a
// series' workers).
void prepare_qpdf_for_threads();

// Writes the bytes to a temporary file beside `path`, flushes it to disk and renames it over
// `path`, so that a reader never sees half a file. Throws OutputError naming the path.
void write_file_atomically(const std::filesystem::path& path, const std::string& bytes);

}  // namespace podcover::render
