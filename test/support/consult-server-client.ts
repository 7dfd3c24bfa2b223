/** The endpoint of the real consult-server that web-test-runner started (see consult-server.mjs). */
export async function consultServerEndpoint(): Promise<string> {
  const answer = await fetch('/__consult-server__');
  const info = (await answer.json()) as { endpoint?: string; error?: string };
  if (!info.endpoint) throw new Error(info.error ?? 'consult-server is not running');
  return info.endpoint;
}
