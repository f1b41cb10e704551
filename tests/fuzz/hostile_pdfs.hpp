// Small PDFs built to exhaust a reader (issue 11): each as bytes, made the same way every
// time, with what `podcover check` must answer. The seed corpus of the check fuzzer
// (tests/fuzz/corpus/check/) holds the small ones as files; the regression tests
// (tests/check_limits_test.cpp) make them all, the megabyte-sized ones included, at test time.
#pragma once

#include <string>
#include <vector>

namespace podcover::test {

struct HostilePdf {
    std::string name;  // file name, "huge-image.pdf"
    std::string what;  // what it does, for test names and docs/reliability.md
    std::string bytes;
    // What check answers: its exit code and a part of its one-line message, and for a limit
    // (LimitError, docs/check.md "Limits") which one.
    int exit_code = 3;
    std::string message;
    std::string limit;
    // Extra arguments for check (a --trim for a page too small for it).
    std::vector<std::string> arguments;
    // Over ~100 KB: made at test time, not kept in the corpus.
    bool large = false;
};

// Every hostile PDF; the large ones only when `with_large`.
std::vector<HostilePdf> hostile_pdfs(bool with_large);
// Small ordinary covers (text, images, forms, patterns, shadings, annotations), seeds for the
// fuzzer to change.
std::vector<HostilePdf> seed_pdfs();

// A deflate (zlib) stream of `repeats` copies of `unit`, made without compressing all of it:
// blocks flushed so that each is whole in itself, one compressed block of `unit`s repeated.
// A 2.7 GB run of zeros comes out near 2.6 MB.
std::string zlib_of_repeats(const std::string& unit, unsigned long long repeats);

// A one-page PDF: `objects` are the bodies of objects 4, 5, ... (streams written with
// make_stream), object 3 the page with the given extra entries (MediaBox and Resources
// among them) and content.
std::string one_page_pdf(const std::string& page_entries, const std::string& content,
                         const std::vector<std::string>& objects = {},
                         const std::string& content_filter = "");
std::string make_stream(const std::string& dictionary_entries, const std::string& data);

}  // namespace podcover::test
