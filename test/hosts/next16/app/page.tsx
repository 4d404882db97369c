// A server component rendering the README's client component (App.tsx, written here by run.mjs).
import { App } from './App';

export default function Page() {
  return <App />;
}
