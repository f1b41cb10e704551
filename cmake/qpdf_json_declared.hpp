// Included first in every file of a clang build (CMakeLists.txt): qpdf 11.3's JSON.hh does not
// compile with clang 14 and libstdc++ 12 in C++20 (JSON_array's defaulted virtual destructor
// destroys a std::vector<JSON> while JSON is still incomplete, and C++20 makes that destructor
// constexpr). podcover uses none of qpdf's JSON: its header is skipped (JSON_HH defined) and
// the class only declared, as qpdf's other headers need.
#pragma once
class JSON;
