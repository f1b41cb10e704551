// What a page may ask of a reader, counted before anything is drawn (docs/check.md, "Limits").
//
// Poppler draws a page operator by operator and checks the check's deadline only between
// operators, and only after ten of them in the same content stream: one operator can decode
// an image of 10^10 pixels, one `q` copies the whole graphics state (a million nested take
// 5 GB), and forms of fewer than ten operators each, drawing each other ten times, draw 10^8
// times without the deadline ever being looked at. So the page's content streams are read
// once, with Poppler's own parser, before any drawing: every image's size (declared, and in
// its JPEG or JPEG 2000 data), the nesting of saved states and forms, the operators, glyphs,
// image bytes and content each form and glyph adds every time it is drawn, and the longest
// path. A page over a limit is refused (LimitError, exit 3) before it is drawn.
#pragma once

#include <cstdint>
#include <string>

#include "podcover/check/cover_pdf.hpp"

class PDFDoc;

namespace podcover::check {

struct ContentLimits {
    // One image: Poppler decodes and converts every pixel even to draw it small. 400 million
    // pixels and 1.5 GB decoded (width x height x components x bits / 8) hold a 20 x 13 in
    // hardcover wrap at 1200 ppi in CMYK, past anything a 650 MB cover file holds. What a
    // decoder keeps in memory is what counts: a progressive JPEG counts twice (libjpeg holds
    // every coefficient, two bytes each), JPEG 2000 four times (OpenJPEG holds a sample in four
    // bytes).
    std::uint64_t image_pixels = 400'000'000;
    std::uint64_t image_bytes = 1'500'000'000;
    // An inline image (BI ... ID ... EI) is data inside the content, meant for a few kilobytes
    // (ISO 32000-1, 8.9.7): a reader skips what it does not draw byte by byte.
    std::uint64_t inline_image_bytes = 16'000'000;
    // The whole page as drawn, every form, glyph and image counted each time it is drawn. Above
    // these a page cannot be read within the time limit anyway (about 3 million operators take
    // 10 s of the check's several passes on a 2-core x86_64).
    std::uint64_t drawn_image_bytes = 4'000'000'000;
    std::uint64_t operators = 3'000'000;
    std::uint64_t content_bytes = 100'000'000;  // decoded content streams
    std::uint64_t glyphs = 1'000'000;
    std::uint64_t path_segments = 1'000'000;  // in one path
    int save_depth = 10'000;                  // nested q, and forms (each saves the state)
    int annotations = 1'000;
    // Tiles of one tiling pattern's fill (a 1 pt tile over a 13 x 9.7 in page is 650,000),
    // counted as it is drawn; a mesh shading's data, which Poppler reads whole.
    std::int64_t pattern_tiles = 1'000'000;
    std::uint64_t shading_bytes = 50'000'000;
};

// What drawing the page costs, as counted.
struct ContentCost {
    std::uint64_t operators = 0;
    std::uint64_t content_bytes = 0;
    std::uint64_t glyphs = 0;
    std::uint64_t image_bytes = 0;
    int save_depth = 0;
    std::uint64_t largest_image_pixels = 0;
};

// 10000000000 as "10,000,000,000", for messages.
std::string grouped_count(std::uint64_t value);

// Counts what drawing page `page_number` costs. Throws LimitError naming `file`, the page,
// what it asks and the limit, when it asks for more than `limits`, or when the deadline
// passes while counting.
ContentCost scan_page_content(PDFDoc& doc, int page_number, const std::string& file,
                              const Deadline& deadline, const ContentLimits& limits = {});

}  // namespace podcover::check
