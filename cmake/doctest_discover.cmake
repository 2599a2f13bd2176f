# Registers one CTest test per doctest TEST_CASE (Debian's doctest CMake config is not usable
# under emcmake, so the discovery script is loaded the same way in both builds).
function(mapcheck_discover_tests target)
  if(EXISTS /usr/lib/cmake/doctest/doctest.cmake)
    include(/usr/lib/cmake/doctest/doctest.cmake)
    doctest_discover_tests(${target})
  else()
    add_test(NAME ${target} COMMAND ${target})
  endif()
endfunction()
