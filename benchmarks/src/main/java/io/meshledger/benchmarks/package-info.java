/**
 * JMH micro-benchmarks. Build with {@code mvn -B -q -DskipTests -pl benchmarks -am package},
 * run with {@code java -jar benchmarks/target/benchmarks.jar}.
 */
package io.meshledger.benchmarks;
