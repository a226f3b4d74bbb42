# cmake -DBIN=path/to/executable -P check_no_gui_libs.cmake
# Fails when the executable needs a graphical library at run time: Qt's
# Widgets, Gui, Charts, Svg or OpenGL, or what they bring (X11, xcb,
# Wayland, GL). ldd lists the whole closure, so a graphical library reached
# through another one fails too. This is what lets a server run
# payoutdesk-cli with none of them installed.
if(NOT BIN OR NOT EXISTS "${BIN}")
  message(FATAL_ERROR "BIN must name an executable, not '${BIN}'")
endif()
execute_process(COMMAND ldd "${BIN}" OUTPUT_VARIABLE libs ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "ldd ${BIN} failed (${rc}): ${err}")
endif()
if(NOT libs MATCHES "libQt6Core")
  message(FATAL_ERROR "ldd ${BIN} does not list Qt Core, so this check proves nothing:\n${libs}")
endif()
string(REGEX MATCHALL
  "lib(Qt6(Widgets|Gui|Charts|Svg|SvgWidgets|OpenGL|OpenGLWidgets)|X11|xcb|wayland-[a-z]+|GL|EGL|OpenGL)\\.so[.0-9]*"
  graphical "${libs}")
if(graphical)
  list(REMOVE_DUPLICATES graphical)
  list(JOIN graphical ", " graphical)
  # On one line, unwrapped, for a test's regular expression.
  message(STATUS "${BIN} links graphical libraries: ${graphical}")
  message(FATAL_ERROR "it must link nothing graphical")
endif()
message(STATUS "${BIN} links no graphical library")
