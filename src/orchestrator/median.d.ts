// The `median` package ships no types: it takes an array of numbers (and sorts it in place).
declare module 'median' {
  function median(values: number[]): number;
  export = median;
}
