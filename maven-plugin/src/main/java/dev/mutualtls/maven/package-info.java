/**
 * The goals of {@code mutualtls-maven-plugin} (prefix {@code mutualtls}): {@link dev.mutualtls.maven.GenerateMojo
 * generate} writes certificate fixtures at build time, {@link dev.mutualtls.maven.PackageMojo package} zips and
 * attaches them for other modules, and {@code help} describes both.
 */
package dev.mutualtls.maven;
