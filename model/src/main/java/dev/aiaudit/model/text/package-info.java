/**
 * Text that leaves the program safely: control characters escaped, quotes of hostile input capped
 * ({@link dev.aiaudit.model.text.SafeText}), and input files read with a size limit and refused when
 * they are not regular files ({@link dev.aiaudit.model.text.InputFiles}). Every command that echoes
 * user input (error messages, tables) or reads an input file goes through here.
 */
package dev.aiaudit.model.text;
