/**
 * The workings of the Maven goals: configuration checks, minting and writing a fixture set, its index,
 * atomic replacement and the reproducible archive. Not an API: free to change in any release.
 */
package dev.mutualtls.maven.internal;
