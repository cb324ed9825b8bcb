/** A stand-in for a slow external service (a local import, bundled with the graph file). */
export async function lookUp(source: string, topic: string, round: number): Promise<string> {
  await new Promise((resolve) => setTimeout(resolve, 20 + Math.round(Math.random() * 30)));
  return `${source} on "${topic}" (round ${round})`;
}
