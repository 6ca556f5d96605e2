/** One line of the results table. */
export interface Row {
  id: string
  measure: string
  /** What llm-cassettes took, e.g. `4.1 ms`. */
  ours: string
  /** What it is compared with took, named, e.g. `floor 3.2 ms`. */
  baseline: string
  /** The ratio or difference, e.g. `1.28×`. */
  result: string
  target: string
  /** undefined when the measure only reports. */
  met: boolean | undefined
}

export const ms = (value: number): string => `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`
export const ratio = (value: number): string => `${value.toFixed(2)}×`
export const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(2)} MiB`
